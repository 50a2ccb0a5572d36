//! The generic responder: operations served with no code of their own, from a copy of the
//! embedded spec with the operations of `conventions.yaml` added (each convention of the
//! spec exercised), over plain HTTP.

mod common;

use std::collections::HashSet;

use common::*;
use lark_helpdesk_api::spec::Spec;
use lark_helpdesk_mock::{Fault, FaultScope, MockHelpdesk, MockHelpdeskBuilder};
use serde_json::{Value, json};

const V1: &str = "/open-apis/helpdesk/v1";

/// The embedded spec with the paths and components of `yaml` merged in (operations of a
/// path the spec has are added to it).
fn spec_with(yaml: &str) -> Spec {
    let mut doc = Spec::embedded().document().clone();
    let added = Spec::parse(yaml)
        .expect("test spec parses")
        .document()
        .clone();
    for (path, item) in added["paths"].as_object().unwrap() {
        let methods = item.as_object().unwrap().clone();
        let target = doc["paths"]
            .as_object_mut()
            .unwrap()
            .entry(path.clone())
            .or_insert_with(|| json!({}));
        target.as_object_mut().unwrap().extend(methods);
    }
    for (section, entries) in added["components"].as_object().unwrap() {
        let target = doc["components"]
            .as_object_mut()
            .unwrap()
            .entry(section.clone())
            .or_insert_with(|| json!({}));
        target
            .as_object_mut()
            .unwrap()
            .extend(entries.as_object().unwrap().clone());
    }
    Spec::from_value(doc)
}

fn conventions() -> MockHelpdeskBuilder {
    MockHelpdesk::builder().spec(spec_with(include_str!("conventions.yaml")))
}

/// A client of a mock: both tokens and the helpdesk header at hand.
struct Client {
    mock: MockHelpdesk,
    http: reqwest::Client,
    tenant: String,
    user: String,
}

#[derive(Clone, Copy)]
enum As {
    Tenant,
    User,
}

impl Client {
    async fn of(mock: MockHelpdesk) -> Client {
        let http = reqwest::Client::new();
        let tenant = token(&mock, &http).await;
        let user = mock.credentials().user_access_token.clone();
        Client {
            mock,
            http,
            tenant,
            user,
        }
    }

    fn request(&self, method: reqwest::Method, path: &str, who: As) -> reqwest::RequestBuilder {
        let token = match who {
            As::Tenant => &self.tenant,
            As::User => &self.user,
        };
        self.http
            .request(method, format!("{}{V1}{path}", self.mock.uri()))
            .bearer_auth(token)
            .header(
                HELPDESK_HEADER,
                self.mock.credentials().helpdesk_header_value(),
            )
    }

    async fn send(&self, request: reqwest::RequestBuilder) -> (u16, Value) {
        let response = request.send().await.unwrap();
        assert!(!logid(&response).is_empty());
        status_json(response).await
    }

    async fn get(&self, path: &str, who: As) -> (u16, Value) {
        self.send(self.request(reqwest::Method::GET, path, who))
            .await
    }

    async fn json(
        &self,
        method: reqwest::Method,
        path: &str,
        who: As,
        body: Value,
    ) -> (u16, Value) {
        self.send(self.request(method, path, who).json(&body)).await
    }
}

/// Asserts a 400 with the spec's BadRequest code whose message says all of `words`.
#[track_caller]
fn assert_refused((status, body): (u16, Value), words: &[&str]) {
    assert_eq!(
        (status, body["code"].as_i64()),
        (400, Some(154000)),
        "{body}"
    );
    let msg = body["msg"].as_str().unwrap();
    for word in words {
        assert!(msg.contains(word), "{msg:?} does not say {word:?}");
    }
}

#[tokio::test]
async fn refusals_name_what_is_wrong() {
    let c = Client::of(conventions().start().await.unwrap()).await;
    let schedules = "/agent_schedules";
    assert_refused(
        c.get(schedules, As::Tenant).await,
        &["query parameter status", "required"],
    );
    assert_refused(
        c.get(&format!("{schedules}?status=1&status=online"), As::Tenant)
            .await,
        &["status", "\"online\"", "not an integer"],
    );
    assert_refused(
        c.get(&format!("{schedules}?status=9"), As::Tenant).await,
        &["status", "not one of 1, 2, 3, 4"],
    );
    // Repeated array values and unknown parameters are fine.
    let (status, body) = c
        .get(
            &format!("{schedules}?status=1&status=2&whatever=x"),
            As::Tenant,
        )
        .await;
    assert_eq!((status, body["code"].as_i64()), (200, Some(0)), "{body}");

    assert_refused(
        c.get("/faqs?page_size=101", As::Tenant).await,
        &["page_size", "maximum 100"],
    );
    assert_refused(
        c.get("/faqs?page_size=0", As::Tenant).await,
        &["page_size", "minimum 1"],
    );
    assert_refused(
        c.get("/ticket_images?ticket_id=1", As::Tenant).await,
        &["msg_id", "required"],
    );

    let post = reqwest::Method::POST;
    assert_refused(
        c.json(
            post.clone(),
            "/faqs",
            As::User,
            json!({"faq": {"answer": "a"}}),
        )
        .await,
        &["/faq", "\"question\" is a required property"],
    );
    assert_refused(
        c.json(
            post.clone(),
            "/faqs",
            As::User,
            json!({"faq": {"question": 5}}),
        )
        .await,
        &["/faq/question", "not of type \"string\""],
    );
    assert_refused(
        c.json(post.clone(), "/faqs", As::User, json!({})).await,
        &["\"faq\" is a required property"],
    );
    let faqs = || c.request(post.clone(), "/faqs", As::User);
    assert_refused(c.send(faqs()).await, &["body", "required but missing"]);
    assert_refused(c.send(faqs().body("{\"faq\":")).await, &["not JSON"]);
    assert_refused(
        c.send(faqs().body(vec![0xff, 0xfe, b'{'])).await,
        &["not JSON"],
    );
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert_refused(c.send(faqs().body(deep)).await, &["not JSON"]);
    let huge = format!("{{\"faq\":{{\"question\":\"{}\"}}}}", "x".repeat(2 << 20));
    assert_refused(c.send(faqs().body(huge)).await, &["larger than 1024 KiB"]);
    assert_refused(
        c.json(post.clone(), "/categories", As::User, json!({"name": "n"}))
            .await,
        &["\"parent_id\" is a required property"],
    );

    // Credentials: the token kind the operation's security takes, then the helpdesk header.
    let (status, body) = c
        .json(
            post.clone(),
            "/faqs",
            As::Tenant,
            json!({"faq": {"question": "q"}}),
        )
        .await;
    assert_eq!(
        (status, body["code"].as_i64()),
        (400, Some(99991663)),
        "{body}"
    );
    assert!(
        body["msg"]
            .as_str()
            .unwrap()
            .contains("accepts a user_access_token only, not a tenant_access_token"),
        "{body}"
    );
    let (status, body) = c.get(&format!("{schedules}?status=1"), As::User).await;
    assert_eq!(
        (status, body["code"].as_i64()),
        (400, Some(99991663)),
        "{body}"
    );
    assert!(
        body["msg"]
            .as_str()
            .unwrap()
            .contains("accepts a tenant_access_token only, not a user_access_token"),
        "{body}"
    );
    // Both kinds where the security lists both.
    for who in [As::Tenant, As::User] {
        assert_eq!(c.get("/faqs", who).await.0, 200);
    }
    let url = format!("{}{V1}/faqs", c.mock.uri());
    let (status, body) =
        status_json(c.http.get(&url).bearer_auth(&c.user).send().await.unwrap()).await;
    let unauthorized = "Unauthorized, please check you have the correct access";
    assert_eq!(
        (status, &body),
        (
            401,
            &json!({"code": 154001, "msg": format!("{unauthorized}: the X-Lark-Helpdesk-Authorization header is missing")})
        )
    );
    let (status, body) = status_json(
        c.http
            .get(&url)
            .bearer_auth(&c.user)
            .header(HELPDESK_HEADER, "bW9ja19oZWxwZGVzazp3cm9uZw==")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!((status, body["code"].as_i64()), (401, Some(154001)));
    assert!(
        body["msg"].as_str().unwrap().ends_with(
            "header does not hold this helpdesk's credential, base64(helpdesk_id:helpdesk_token)"
        ),
        "{body}"
    );
    let (status, body) = status_json(
        c.http
            .get(&url)
            .header(
                HELPDESK_HEADER,
                c.mock.credentials().helpdesk_header_value(),
            )
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!((status, body["code"].as_i64()), (400, Some(99991661)));
    let (status, body) = status_json(
        c.http
            .get(&url)
            .bearer_auth("u-forged")
            .header(
                HELPDESK_HEADER,
                c.mock.credentials().helpdesk_header_value(),
            )
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!((status, body["code"].as_i64()), (400, Some(99991663)));

    // The hand-written operations tell the kinds apart too.
    let (status, body) = c.get("/tickets", As::User).await;
    assert_eq!((status, body["code"].as_i64()), (400, Some(99991663)));
    assert!(
        body["msg"]
            .as_str()
            .unwrap()
            .contains("tenant_access_token only")
    );
    assert_eq!(c.get("/tickets", As::Tenant).await.0, 200);
}

/// The ids of every item of a page-token listing, walked `size` at a time.
async fn walk_tokens(c: &Client, path: &str, size: usize, next: &str, id: &str) -> Vec<String> {
    let mut ids = Vec::new();
    let mut token: Option<String> = None;
    for _ in 0..100 {
        let mut query = format!("{path}?page_size={size}");
        if let Some(token) = &token {
            query.push_str(&format!("&page_token={token}"));
        }
        let (status, body) = c.get(&query, As::Tenant).await;
        assert_eq!(status, 200, "{body}");
        let items = body["data"]["items"].as_array().unwrap();
        assert!(items.len() <= size);
        ids.extend(items.iter().map(|i| i[id].as_str().unwrap().to_owned()));
        if body["data"]["has_more"] == false {
            assert!(body["data"].get(next).is_none(), "{body}");
            return ids;
        }
        token = Some(body["data"][next].as_str().unwrap().to_owned());
    }
    panic!("the listing never ended");
}

#[tokio::test]
async fn a_page_token_listing_walks_every_item_once() {
    let c = Client::of(conventions().start().await.unwrap()).await;
    let mut expected = vec![
        "6936004780707807251".to_owned(),
        "6936004780707807252".into(),
        "6936004780707807253".into(),
    ];
    for n in 0..7 {
        let (status, body) = c
            .json(
                reqwest::Method::POST,
                "/faqs",
                As::User,
                json!({"faq": {"question": format!("q{n}")}}),
            )
            .await;
        assert_eq!(status, 200, "{body}");
        expected.push(body["data"]["faq"]["faq_id"].as_str().unwrap().to_owned());
    }
    assert_eq!(expected.iter().collect::<HashSet<_>>().len(), 10);
    for size in [1, 3, 10, 100] {
        assert_eq!(
            walk_tokens(&c, "/faqs", size, "page_token", "faq_id").await,
            expected
        );
    }
    assert_refused(
        c.get("/faqs?page_token=not-a-token", As::Tenant).await,
        &["page_token", "\"not-a-token\""],
    );
    // A token of another server is refused as well: they are opaque and bound to a server.
    let other = Client::of(conventions().start().await.unwrap()).await;
    let (_, body) = c.get("/faqs?page_size=2", As::Tenant).await;
    let token = body["data"]["page_token"].as_str().unwrap();
    assert_refused(
        other
            .get(&format!("/faqs?page_token={token}"), As::Tenant)
            .await,
        &["page_token"],
    );
}

#[tokio::test]
async fn a_page_number_listing_walks_every_item_once() {
    let c = Client::of(conventions().start().await.unwrap()).await;
    for size in [1, 2, 3] {
        let mut ids = Vec::new();
        for page in 1.. {
            let (status, body) = c
                .get(
                    &format!("/widgets?page={page}&page_size={size}"),
                    As::Tenant,
                )
                .await;
            assert_eq!(status, 200, "{body}");
            assert_eq!(body["data"]["total"], 5);
            let widgets = body["data"]["widgets"].as_array().unwrap();
            ids.extend(widgets.iter().map(|w| w["id"].as_str().unwrap().to_owned()));
            if page * size >= 5 {
                break;
            }
            assert_eq!(widgets.len(), size);
        }
        assert_eq!(ids, ["w1", "w2", "w3", "w4", "w5"], "page size {size}");
    }
    let (_, body) = c.get("/widgets", As::Tenant).await;
    assert_eq!(
        body["data"]["widgets"].as_array().unwrap().len(),
        2,
        "size_default"
    );
    let (_, body) = c.get("/widgets?page=9", As::Tenant).await;
    assert_eq!(body["data"]["widgets"], json!([]));
    assert_refused(
        c.get("/widgets?page_size=4", As::Tenant).await,
        &["page_size", "maximum 3"],
    );
    assert_refused(
        c.get("/widgets?page=0", As::Tenant).await,
        &["page", "minimum 1"],
    );
}

#[tokio::test]
async fn a_collection_round_trip() {
    let c = Client::of(conventions().start().await.unwrap()).await;
    use reqwest::Method;
    let (status, created) = c
        .json(
            Method::POST,
            "/faqs",
            As::User,
            json!({"faq": {"question": "Où?", "answer": "Ici.", "tags": ["a"]}}),
        )
        .await;
    assert_eq!(
        (status, created["code"].as_i64()),
        (200, Some(0)),
        "{created}"
    );
    let faq = &created["data"]["faq"];
    let id = faq["faq_id"].as_str().unwrap().to_owned();
    assert_ne!(id, "6936004780707807251", "a new id, not the example's");
    assert_eq!(faq["question"], "Où?");

    let (status, got) = c.get(&format!("/faqs/{id}"), As::Tenant).await;
    assert_eq!(status, 200);
    assert_eq!(&got["data"]["faq"], faq);
    let (_, listed) = c.get("/faqs?page_size=100", As::User).await;
    assert!(listed["data"]["items"].as_array().unwrap().contains(faq));

    let (status, patched) = c
        .json(
            Method::PATCH,
            &format!("/faqs/{id}"),
            As::User,
            json!({"faq": {"question": "Où donc?", "faq_id": "x"}}),
        )
        .await;
    assert_eq!(
        (status, &patched),
        (200, &json!({"code": 0, "msg": "success", "data": {}}))
    );
    let (_, got) = c.get(&format!("/faqs/{id}"), As::Tenant).await;
    assert_eq!(
        got["data"]["faq"],
        json!({"faq_id": id, "question": "Où donc?", "answer": "Ici.", "tags": ["a"]})
    );

    let (status, _) = c
        .send(c.request(Method::DELETE, &format!("/faqs/{id}"), As::User))
        .await;
    assert_eq!(status, 200);
    let not_found = json!({"code": 154004, "msg": "Resource not found"});
    assert_eq!(
        c.get(&format!("/faqs/{id}"), As::Tenant).await,
        (404, not_found.clone())
    );
    let (_, listed) = c.get("/faqs?page_size=100", As::User).await;
    assert_eq!(listed["data"]["items"].as_array().unwrap().len(), 3);
    assert_eq!(
        c.send(c.request(Method::DELETE, &format!("/faqs/{id}"), As::User))
            .await,
        (404, not_found.clone())
    );
    assert_eq!(
        c.json(
            Method::PATCH,
            "/faqs/nope",
            As::User,
            json!({"faq": {"question": "q"}})
        )
        .await,
        (404, not_found)
    );

    // `data` is the item itself; no 404 documented: 400 naming the id.
    let (status, category) = c
        .json(
            Method::POST,
            "/categories",
            As::User,
            json!({"name": "Billing", "parent_id": "0"}),
        )
        .await;
    assert_eq!(status, 200, "{category}");
    let category = &category["data"]["category"];
    let id = category["category_id"].as_str().unwrap();
    assert_eq!(
        c.get(&format!("/categories/{id}"), As::Tenant).await.1["data"],
        *category
    );
    let (_, all) = c.get("/categories", As::Tenant).await;
    assert_eq!(all["data"]["categories"].as_array().unwrap().len(), 2);
    assert_refused(
        c.get("/categories/404%20x", As::Tenant).await,
        &["categories", "category_id", "\"404 x\""],
    );
}

#[tokio::test]
async fn a_message_sent_to_a_ticket_is_in_its_messages() {
    let c = Client::of(
        conventions()
            .synthetic_ticket("7000000000000000001", 3)
            .start()
            .await
            .unwrap(),
    )
    .await;
    let content = r#"{"text":"Bonjour \"à\" vous"}"#;
    for ticket in ["6948728206392295444", "7000000000000000001"] {
        let (status, sent) = c
            .json(
                reqwest::Method::POST,
                &format!("/tickets/{ticket}/messages"),
                As::Tenant,
                json!({"msg_type": "text", "content": content}),
            )
            .await;
        assert_eq!((status, sent["code"].as_i64()), (200, Some(0)), "{sent}");
        let message_id = sent["data"]["message_id"].as_str().unwrap();
        let (_, page) = status_json(
            get_messages(&c.mock, &c.http, &c.tenant, ticket, &[("page_size", "200")]).await,
        )
        .await;
        let messages = page["data"]["messages"].as_array().unwrap();
        let last = messages.last().unwrap();
        assert_eq!(last["message_id"], message_id);
        assert_eq!(last["message_type"], "text");
        assert_eq!(last["content"], content);
        assert!(
            last["created_at"].as_i64().unwrap()
                >= messages[messages.len() - 2]["created_at"].as_i64().unwrap()
        );
        assert_eq!(page["data"]["total"], messages.len());
    }
    assert_eq!(c.mock.messages("7000000000000000001").unwrap().len(), 4);
    assert_refused(
        c.json(
            reqwest::Method::POST,
            "/tickets/123/messages",
            As::Tenant,
            json!({"msg_type": "text", "content": "{}"}),
        )
        .await,
        &["no ticket \"123\""],
    );
    assert_refused(
        c.json(
            reqwest::Method::POST,
            "/tickets/123/messages",
            As::Tenant,
            json!({"msg_type": "card", "content": "{}"}),
        )
        .await,
        &["/msg_type"],
    );
}

#[tokio::test]
async fn an_agent_status_reads_back_from_the_schedules() {
    let c = Client::of(conventions().start().await.unwrap()).await;
    let (_, body) = c.get("/agents/ou_agent_9/schedules", As::Tenant).await;
    assert_eq!(body["data"]["agent_schedule"]["agent"]["id"], "ou_agent_9");
    assert_eq!(body["data"]["agent_schedule"]["status"], 1);
    for (agent, status) in [("ou_agent_9", 2), ("ou_agent_1", 2)] {
        let (code, body) = c
            .json(
                reqwest::Method::PATCH,
                &format!("/agents/{agent}"),
                As::User,
                json!({"status": status}),
            )
            .await;
        assert_eq!(code, 200, "{body}");
    }
    let (_, body) = c.get("/agents/ou_agent_9/schedules", As::Tenant).await;
    assert_eq!(body["data"]["agent_schedule"]["status"], 2);
    let (_, body) = c.get("/agent_schedules?status=2", As::Tenant).await;
    let agents: Vec<&str> = body["data"]["agent_schedules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["agent"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(agents, ["ou_agent_1", "ou_agent_9"]);
    let (_, body) = c.get("/agent_schedules?status=1", As::Tenant).await;
    assert_eq!(body["data"]["agent_schedules"], json!([]));
    assert_refused(
        c.json(
            reqwest::Method::PATCH,
            "/agents/ou_agent_9",
            As::User,
            json!({"status": 7}),
        )
        .await,
        &["/status"],
    );
}

#[tokio::test]
async fn binary_operations_answer_a_png_attachment() {
    let c = Client::of(conventions().start().await.unwrap()).await;
    for (path, name) in [
        (
            "/faqs/6936004780707807251/image/img_v2_abc",
            "img_v2_abc.png",
        ),
        (
            "/ticket_images?ticket_id=1&msg_id=6949088236610273307&index=0",
            "6949088236610273307.png",
        ),
    ] {
        let response = c
            .request(reqwest::Method::GET, path, As::Tenant)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        assert!(!logid(&response).is_empty());
        // The content type the spec documents for the bytes, whatever they are.
        assert_eq!(
            response.headers()["content-type"],
            "application/octet-stream"
        );
        assert_eq!(
            response.headers()["content-disposition"],
            format!("attachment; filename=\"{name}\"").as_str()
        );
        let bytes = response.bytes().await.unwrap();
        assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR"));
        assert!(bytes.ends_with(b"IEND\xaeB`\x82"));
    }
    let (status, body) = c
        .get("/ticket_images?ticket_id=1&msg_id=2&index=-1", As::Tenant)
        .await;
    assert_refused((status, body), &["index", "minimum 0"]);
}

#[tokio::test]
async fn a_write_applied_then_dropped_is_kept_though_unanswered() {
    let c = Client::of(conventions().start().await.unwrap()).await;
    let create = |question: &str| {
        c.request(reqwest::Method::POST, "/faqs", As::User)
            .json(&json!({"faq": {"question": question}}))
    };
    c.mock.inject(
        FaultScope::Operation("create_faq".into()),
        Fault::DropAfterApplying,
    );
    let err = create("applied").send().await.unwrap_err();
    assert!(!err.is_status(), "no answer at all: {err}");
    c.mock.clear_faults();
    c.mock
        .inject(FaultScope::NextRequests(1), Fault::ConnectionError);
    create("not applied").send().await.unwrap_err();
    assert_eq!(c.mock.requests_of("create_faq"), 2);

    let (_, listed) = c.get("/faqs?page_size=100", As::Tenant).await;
    let questions: Vec<&str> = listed["data"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| i["question"].as_str())
        .collect();
    assert!(questions.contains(&"applied"), "{questions:?}");
    assert!(!questions.contains(&"not applied"), "{questions:?}");

    // A message sent under the fault is in the ticket's messages all the same.
    let ticket = c.mock.example_ticket_id().to_owned();
    c.mock
        .inject(FaultScope::Ticket(ticket.clone()), Fault::DropAfterApplying);
    c.request(
        reqwest::Method::POST,
        &format!("/tickets/{ticket}/messages"),
        As::Tenant,
    )
    .json(&json!({"msg_type": "text", "content": "{}"}))
    .send()
    .await
    .unwrap_err();
    // Reads with the fault are dropped too.
    c.http
        .get(messages_url(&c.mock, &ticket))
        .bearer_auth(&c.tenant)
        .send()
        .await
        .unwrap_err();
    c.mock.clear_faults();
    assert_eq!(c.mock.messages(&ticket).unwrap().len(), 2);
}

#[tokio::test]
async fn faults_and_counts_reach_every_operation() {
    let c = Client::of(conventions().start().await.unwrap()).await;
    c.mock.inject(
        FaultScope::Operation("list_faqs".into()),
        Fault::RateLimited { reset_secs: 3 },
    );
    let response = c
        .request(reqwest::Method::GET, "/faqs", As::Tenant)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 429);
    assert_eq!(response.headers()["x-ogw-ratelimit-reset"], "3");
    assert_eq!(
        c.get("/widgets", As::Tenant).await.0,
        200,
        "other operations spared"
    );
    c.mock.clear_faults();
    c.mock
        .inject(FaultScope::Ticket("42".into()), Fault::Internal);
    let (status, body) = c
        .json(
            reqwest::Method::POST,
            "/tickets/42/messages",
            As::Tenant,
            json!({"msg_type": "text", "content": "{}"}),
        )
        .await;
    assert_eq!((status, body["code"].as_i64()), (500, Some(155000)));
    let (status, _) = c
        .get("/ticket_images?ticket_id=42&msg_id=1", As::Tenant)
        .await;
    assert_eq!(status, 500, "a query parameter names the ticket too");
    c.mock.clear_faults();
    c.mock
        .inject(FaultScope::NextRequests(1), Fault::TruncatedBody);
    let truncated = c
        .request(reqwest::Method::GET, "/faqs", As::Tenant)
        .send()
        .await
        .unwrap();
    assert_eq!(truncated.status(), 200);
    assert!(serde_json::from_slice::<Value>(&truncated.bytes().await.unwrap()).is_err());

    assert_eq!(c.mock.requests_of("list_faqs"), 2);
    assert_eq!(c.mock.requests_of("list_widgets"), 1);
    assert_eq!(c.mock.requests_of("create_ticket_message"), 1);
    assert_eq!(c.mock.requests_of("tenant_access_token_internal"), 1);
    assert_eq!(c.mock.requests_of("no_such_operation"), 0);
    get_messages(&c.mock, &c.http, &c.tenant, "1", &[]).await;
    assert_eq!(c.mock.requests_of("list_ticket_messages"), 1);
}

#[tokio::test]
async fn collections_survive_forgetting_requests() {
    let mock = conventions()
        .record_requests(false)
        .forget_requests_every(2)
        .start()
        .await
        .unwrap();
    let c = Client::of(mock).await;
    for n in 0..5 {
        let (status, _) = c
            .json(
                reqwest::Method::POST,
                "/faqs",
                As::User,
                json!({"faq": {"question": format!("q{n}")}}),
            )
            .await;
        assert_eq!(status, 200);
    }
    assert_eq!(
        walk_tokens(&c, "/faqs", 2, "page_token", "faq_id")
            .await
            .len(),
        8
    );
    assert_eq!(c.mock.requests_of("create_faq"), 5);
}

/// A listing added to the embedded spec is served, paged by its tokens, with no code.
#[tokio::test]
async fn a_listing_added_to_the_spec_is_served_with_no_code() {
    let yaml = r#"
paths:
  /open-apis/helpdesk/v1/ticket_customized_fields:
    get:
      operationId: list_ticket_customized_fields
      security:
        - tenantAccessToken: []
          helpdeskCredential: []
      x-pagination:
        style: page_token
        items: items
        item_id: ticket_customized_field_id
        token_param: page_token
        next_token: next_page_token
        has_more: has_more
        size_param: page_size
        size_max: 100
        size_default: 20
      parameters:
        - {name: page_token, in: query, schema: {type: string}}
        - {name: page_size, in: query, schema: {type: integer, minimum: 1, maximum: 100, default: 20}}
      responses:
        "200":
          description: A page.
          content:
            application/json:
              example:
                code: 0
                msg: success
                data:
                  has_more: false
                  next_page_token: ""
                  items:
                    - {ticket_customized_field_id: f1, key_name: order}
                    - {ticket_customized_field_id: f2, key_name: city}
                    - {ticket_customized_field_id: f3, key_name: plan}
components: {}
"#;
    let mock = MockHelpdesk::builder()
        .spec(spec_with(yaml))
        .start()
        .await
        .unwrap();
    let c = Client::of(mock).await;
    let ids = walk_tokens(
        &c,
        "/ticket_customized_fields",
        2,
        "next_page_token",
        "ticket_customized_field_id",
    )
    .await;
    assert_eq!(ids, ["f1", "f2", "f3"]);
    // The embedded operations are served as before.
    let id = c.mock.example_ticket_id().to_owned();
    let (status, page) =
        status_json(get_messages(&c.mock, &c.http, &c.tenant, &id, &[]).await).await;
    assert_eq!((status, page["data"]["total"].as_i64()), (200, Some(1)));
}

#[tokio::test]
async fn a_spec_the_mock_cannot_serve_is_refused_at_start() {
    let bad = r#"
paths:
  /open-apis/helpdesk/v1/things:
    get:
      operationId: list_things
      x-pagination: {style: sideways, items: things, size_param: n}
      responses: {}
components: {}
"#;
    let err = MockHelpdesk::builder()
        .spec(spec_with(bad))
        .start()
        .await
        .unwrap_err();
    assert!(err.to_string().contains("list_things"), "{err}");
    assert!(err.to_string().contains("sideways"), "{err}");
}

#[test]
fn credentials_debug_shows_no_secret() {
    let credentials = lark_helpdesk_mock::MockCredentials::default();
    let shown = format!("{credentials:?}");
    for secret in [
        &credentials.app_secret,
        &credentials.helpdesk_token,
        &credentials.user_access_token,
    ] {
        assert!(!shown.contains(secret.as_str()), "{shown}");
    }
    assert!(shown.contains(&credentials.app_id));
}

#[tokio::test]
async fn the_user_token_is_among_the_environment_variables() {
    let mock = MockHelpdesk::start().await;
    assert_eq!(
        mock.env_var("LARK_USER_ACCESS_TOKEN").as_deref(),
        Some("u-mock_user_access_token")
    );
    assert!(
        mock.env_vars()
            .iter()
            .any(|(k, _)| *k == "LARK_USER_ACCESS_TOKEN")
    );
}
