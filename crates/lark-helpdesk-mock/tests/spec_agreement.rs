//! The mock accepts what the spec allows and answers as it documents, in the cases where
//! Schemathesis, run against it, found it did not: a lone time filter of "list tickets",
//! the documented example ticket unknown to "get a ticket", binary answers of another
//! content type, rich text read back as the string it was sent as, integers past their
//! format.

mod common;

use common::*;
use lark_helpdesk_api::spec::Spec;
use lark_helpdesk_mock::{FIRST_SYNTHETIC_TICKET_ID, MockHelpdesk};
use serde_json::{Value, json};

const V1: &str = "/open-apis/helpdesk/v1";

/// Both tokens and the helpdesk header, for requests to one mock.
struct Client {
    mock: MockHelpdesk,
    http: reqwest::Client,
    tenant: String,
}

impl Client {
    async fn of(mock: MockHelpdesk) -> Client {
        let http = reqwest::Client::new();
        let tenant = token(&mock, &http).await;
        Client { mock, http, tenant }
    }

    /// A request with the tenant token, or the user token when `user`.
    fn request(&self, method: reqwest::Method, path: &str, user: bool) -> reqwest::RequestBuilder {
        let token = if user {
            self.mock.credentials().user_access_token.clone()
        } else {
            self.tenant.clone()
        };
        self.http
            .request(method, format!("{}{V1}{path}", self.mock.uri()))
            .bearer_auth(token)
            .header(
                HELPDESK_HEADER,
                self.mock.credentials().helpdesk_header_value(),
            )
    }

    async fn get(&self, path: &str) -> (u16, Value) {
        status_json(
            self.request(reqwest::Method::GET, path, false)
                .send()
                .await
                .unwrap(),
        )
        .await
    }

    async fn send(&self, method: reqwest::Method, path: &str, body: &str) -> (u16, Value) {
        let request = self
            .request(method, path, true)
            .header("Content-Type", "application/json")
            .body(body.to_owned());
        status_json(request.send().await.unwrap()).await
    }
}

fn ticket_ids(body: &Value) -> Vec<String> {
    body["data"]["tickets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["ticket_id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_lone_time_filter_of_list_tickets_is_an_open_window() {
    let c = Client::of(
        MockHelpdesk::builder()
            .synthetic_helpdesk(30)
            .start()
            .await
            .unwrap(),
    )
    .await;
    let (status, all) = c.get("/tickets?page_size=100").await;
    assert_eq!(status, 200, "{all}");
    let all = all["data"]["tickets"].as_array().unwrap().clone();
    assert_eq!(all.len(), 30);
    let at = |i: usize, field: &str| all[i][field].as_i64().unwrap();
    let ids = |range: std::ops::Range<usize>| -> Vec<String> {
        all[range]
            .iter()
            .map(|t| t["ticket_id"].as_str().unwrap().to_owned())
            .collect()
    };

    // Created since the 11th ticket, then up to the 10th: the tickets are in creation order.
    let since = c
        .get(&format!(
            "/tickets?page_size=100&create_time_start={}",
            at(10, "created_at")
        ))
        .await;
    assert_eq!(since.0, 200, "{}", since.1);
    assert_eq!(ticket_ids(&since.1), ids(10..30));
    assert_eq!(since.1["data"]["total"], 20);
    let until = c
        .get(&format!(
            "/tickets?page_size=100&create_time_end={}",
            at(9, "created_at")
        ))
        .await;
    assert_eq!(ticket_ids(&until.1), ids(0..10));

    // The update time alone, either end; the pair as before.
    let updated = |t: &Value| t["updated_at"].as_i64().unwrap();
    let cut = updated(&all[15]);
    let (_, after) = c
        .get(&format!("/tickets?page_size=100&update_time_start={cut}"))
        .await;
    let (_, before) = c
        .get(&format!("/tickets?page_size=100&update_time_end={cut}"))
        .await;
    let expected = |keep: &dyn Fn(i64) -> bool| -> Vec<String> {
        all.iter()
            .filter(|t| keep(updated(t)))
            .map(|t| t["ticket_id"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(ticket_ids(&after), expected(&|u| u >= cut));
    assert_eq!(ticket_ids(&before), expected(&|u| u <= cut));
    let (_, both) = c
        .get(&format!(
            "/tickets?page_size=100&create_time_start={}&create_time_end={}",
            at(3, "created_at"),
            at(5, "created_at")
        ))
        .await;
    assert_eq!(ticket_ids(&both), ids(3..6));

    // Still refused: a bound that is not a number.
    let (status, body) = c.get("/tickets?create_time_start=yesterday").await;
    assert_eq!((status, body["code"].as_i64()), (400, Some(154000)));
}

#[tokio::test]
async fn get_ticket_knows_every_ticket_whose_messages_it_serves() {
    let documented = Spec::embedded().example("get_ticket", 200).unwrap();
    let example_id = documented["data"]["ticket"]["ticket_id"].as_str().unwrap();
    let c = Client::of(
        MockHelpdesk::builder()
            .synthetic_helpdesk(3)
            .synthetic_ticket("7000000000000000001", 5)
            .start()
            .await
            .unwrap(),
    )
    .await;

    // The documented example: the documented answer.
    let (status, body) = c.get(&format!("/tickets/{example_id}")).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["ticket"], documented["data"]["ticket"]);
    // A ticket of messages only: the documented ticket, with its id.
    let (status, body) = c.get("/tickets/7000000000000000001").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["ticket"]["ticket_id"], "7000000000000000001");
    assert_eq!(
        body["data"]["ticket"]["status"],
        documented["data"]["ticket"]["status"]
    );
    // A ticket of the synthetic helpdesk: as listed.
    let id = FIRST_SYNTHETIC_TICKET_ID + 1;
    let (status, body) = c.get(&format!("/tickets/{id}")).await;
    assert_eq!(status, 200, "{body}");
    let (_, listed) = c.get(&format!("/tickets?ticket_id={id}")).await;
    assert_eq!(body["data"]["ticket"], listed["data"]["tickets"][0]);
    // Any other: the documented 400.
    let (status, body) = c.get("/tickets/6945345902185807891").await;
    assert_eq!((status, body), (400, spec_example(400)));

    // Without the example ticket's messages, it is unknown to both.
    let c = Client::of(
        MockHelpdesk::builder()
            .without_default_ticket()
            .start()
            .await
            .unwrap(),
    )
    .await;
    let (status, _) = c.get(&format!("/tickets/{example_id}")).await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn binary_answers_are_of_the_documented_content_type() {
    let c = Client::of(MockHelpdesk::start().await).await;
    let spec = Spec::embedded();
    let ok = &spec.document()["paths"]["/open-apis/helpdesk/v1/ticket_images"]["get"]["responses"]
        ["200"];
    let documented = spec.resolve(ok)["content"]
        .as_object()
        .unwrap()
        .keys()
        .next()
        .unwrap()
        .clone();
    assert_eq!(documented, "application/octet-stream");
    let response = c
        .request(
            reqwest::Method::GET,
            "/ticket_images?ticket_id=6948728206392295444&msg_id=1&index=0",
            false,
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], documented.as_str());
    assert!(response.bytes().await.unwrap().starts_with(b"\x89PNG"));
}

#[tokio::test]
async fn rich_text_sent_as_a_string_reads_back_as_the_array() {
    let c = Client::of(MockHelpdesk::start().await).await;
    let richtext = json!([{"content": "答案", "type": "text"}]);
    let body =
        json!({"faq": {"question": "q", "answer": "a", "answer_richtext": richtext.to_string()}});
    let (status, created) = c
        .send(reqwest::Method::POST, "/faqs", &body.to_string())
        .await;
    assert_eq!(status, 200, "{created}");
    assert_eq!(created["data"]["faq"]["answer_richtext"], richtext);
    let id = created["data"]["faq"]["faq_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (_, got) = c.get(&format!("/faqs/{id}")).await;
    assert_eq!(got["data"]["faq"]["answer_richtext"], richtext);

    // Patched: the same; a string that holds no such JSON is not kept.
    let patched = json!([{"content": "新", "type": "text"}]);
    let (status, answer) = c
        .send(
            reqwest::Method::PATCH,
            &format!("/faqs/{id}"),
            &json!({"faq": {"question": "q", "answer_richtext": patched.to_string()}}).to_string(),
        )
        .await;
    assert_eq!(status, 200, "{answer}");
    let (_, got) = c.get(&format!("/faqs/{id}")).await;
    assert_eq!(got["data"]["faq"]["answer_richtext"], patched);
    let (status, _) = c
        .send(
            reqwest::Method::POST,
            "/faqs",
            &json!({"faq": {"question": "q", "answer_richtext": "not json"}}).to_string(),
        )
        .await;
    assert_eq!(status, 200);
    let (_, listed) = c.get("/faqs?page_size=100").await;
    for faq in listed["data"]["items"].as_array().unwrap() {
        let text = &faq["answer_richtext"];
        assert!(text.is_array() || text.is_null(), "{faq}");
    }
}

#[tokio::test]
async fn integers_past_their_format_are_refused() {
    let c = Client::of(MockHelpdesk::start().await).await;
    // A query parameter of format int32.
    let (status, _) = c.get("/categories?order_by=2147483647").await;
    assert_eq!(status, 200);
    let (status, body) = c.get("/categories?order_by=2147483648").await;
    assert_eq!(
        (status, body["code"].as_i64()),
        (400, Some(154000)),
        "{body}"
    );
    assert!(body["msg"].as_str().unwrap().contains("order_by"), "{body}");

    // Body fields of format int32 (`channel`) and int64 (`position`), nullable or not.
    let update = |field: &str, value: &str| match field {
        "channel" => format!(r#"{{"channel": {value}}}"#),
        _ => format!(r#"{{"customized_fields": [{{"id": "1", "position": {value}}}]}}"#),
    };
    let path = "/tickets/6948728206392295444";
    for (field, ok, past) in [
        ("channel", "2147483647", "2147483648"),
        ("channel", "-2147483648", "-2147483649"),
        ("position", "9223372036854775807", "9223372036854775808"),
        ("position", "-9223372036854775808", "-9223372036854775809"),
    ] {
        let (status, body) = c.send(reqwest::Method::PUT, path, &update(field, ok)).await;
        assert_eq!(status, 200, "{field} {ok}: {body}");
        let (status, body) = c
            .send(reqwest::Method::PUT, path, &update(field, past))
            .await;
        assert_eq!(
            (status, body["code"].as_i64()),
            (400, Some(154000)),
            "{body}"
        );
        let msg = body["msg"].as_str().unwrap();
        assert!(msg.contains(field) && msg.contains("format int"), "{msg}");
    }
}
