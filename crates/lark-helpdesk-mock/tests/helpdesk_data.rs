//! The rest of the synthetic helpdesk, beside its tickets: message images, the knowledge
//! base, agents, skills and custom fields, consistent with the tickets.

mod common;

use std::collections::{HashMap, HashSet};

use common::{HELPDESK_HEADER, token};
use lark_helpdesk_mock::{MockHelpdesk, synthetic_helpdesk};
use serde_json::Value;

/// The helpdesk id of the synthetic helpdesk's tickets and items.
const SYNTHETIC_HELPDESK_ID: &str = "7099999999999999999";

/// Tickets of the helpdesk the tests serve.
const TICKETS: usize = 6;

struct Client {
    mock: MockHelpdesk,
    http: reqwest::Client,
    token: String,
}

impl Client {
    async fn start() -> Client {
        let mock = MockHelpdesk::builder()
            .synthetic_helpdesk(TICKETS)
            .start()
            .await
            .unwrap();
        let http = reqwest::Client::new();
        let token = token(&mock, &http).await;
        Client { mock, http, token }
    }

    async fn get(&self, path_and_query: &str) -> reqwest::Response {
        self.http
            .get(format!(
                "{}/open-apis/helpdesk/v1{path_and_query}",
                self.mock.uri()
            ))
            .bearer_auth(&self.token)
            .header(
                HELPDESK_HEADER,
                self.mock.credentials().helpdesk_header_value(),
            )
            .send()
            .await
            .unwrap()
    }

    async fn json(&self, path_and_query: &str) -> Value {
        let response = self.get(path_and_query).await;
        assert_eq!(response.status(), 200, "{path_and_query}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["code"], 0, "{path_and_query}: {body}");
        body
    }

    /// Every item of a listing paged by token, checking that no item comes twice.
    async fn all(&self, path: &str, query: &str, next: &str) -> Vec<Value> {
        let mut items = Vec::new();
        let mut token: Option<String> = None;
        for _ in 0..100 {
            let mut url = format!("{path}?page_size=4{query}");
            if let Some(t) = &token {
                url.push_str(&format!("&page_token={t}"));
            }
            let body = self.json(&url).await;
            let page = body["data"]["items"].as_array().unwrap();
            assert!(page.len() <= 4);
            items.extend(page.iter().cloned());
            if body["data"]["has_more"] != true {
                return items;
            }
            token = Some(body["data"][next].as_str().unwrap().to_owned());
        }
        panic!("{path}: paging does not end");
    }
}

/// The image keys of a message's content, as [`lark_helpdesk_mock`] documents them.
fn images_of(content: &str) -> (Vec<String>, bool) {
    let value: Value = serde_json::from_str(content).unwrap();
    let inner = &value["content"];
    match value["msg_type"].as_str().unwrap() {
        "image" | "media" => (vec![inner["image_key"].as_str().unwrap().into()], false),
        "post" => (
            inner["content"]
                .as_array()
                .unwrap()
                .iter()
                .flat_map(|p| p.as_array().unwrap())
                .filter(|e| e["tag"] == "img")
                .map(|e| e["image_key"].as_str().unwrap().into())
                .collect(),
            true,
        ),
        _ => (Vec::new(), false),
    }
}

fn is_png(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\x89PNG\r\n\x1a\n") && bytes.ends_with(b"IEND\xae\x42\x60\x82")
}

fn is_jpeg(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xff, 0xd8, 0xff]) && bytes.ends_with(&[0xff, 0xd9])
}

#[tokio::test]
async fn every_image_of_a_message_downloads_the_same_twice_and_deleted_ones_are_refused() {
    let c = Client::start().await;
    let (mut served, mut deleted, mut posts, mut kinds) = (0, 0, 0, HashSet::new());
    let mut all_bytes = HashSet::new();
    for (ticket, messages) in synthetic_helpdesk(TICKETS) {
        let ticket_id = ticket.ticket_id.unwrap();
        for message in messages {
            let msg_id = message.id.unwrap();
            let content = message.content.unwrap().decoded().into_owned();
            let (keys, rich) = images_of(&content);
            if keys.is_empty() {
                // A message without an image: the documented 400.
                let r = c
                    .get(&format!(
                        "/ticket_images?ticket_id={ticket_id}&msg_id={msg_id}&index=0"
                    ))
                    .await;
                assert_eq!(r.status(), 400);
                continue;
            }
            posts += usize::from(rich);
            for (index, key) in keys.iter().enumerate() {
                let url =
                    format!("/ticket_images?ticket_id={ticket_id}&msg_id={msg_id}&index={index}");
                let first = c.get(&url).await;
                if first.status() == 401 {
                    let body: Value = first.json().await.unwrap();
                    assert_eq!(body["code"], 154404, "{body}");
                    assert_eq!(body["msg"], "Image might be deleted");
                    deleted += 1;
                    continue;
                }
                assert_eq!(first.status(), 200, "{url}");
                let mime = first.headers()["content-type"].to_str().unwrap().to_owned();
                let disposition = first.headers()["content-disposition"]
                    .to_str()
                    .unwrap()
                    .to_owned();
                let bytes = first.bytes().await.unwrap();
                let again = c.get(&url).await.bytes().await.unwrap();
                assert_eq!(bytes, again, "{url}: the same bytes twice");
                assert!(bytes.len() < 2_048);
                match mime.as_str() {
                    "image/png" => {
                        assert!(is_png(&bytes), "{url}");
                        assert_eq!(disposition, format!("attachment; filename=\"{key}.png\""));
                    }
                    "image/jpeg" => {
                        assert!(is_jpeg(&bytes), "{url}");
                        assert_eq!(disposition, format!("attachment; filename=\"{key}.jpg\""));
                    }
                    other => panic!("{url}: {other}"),
                }
                kinds.insert(mime);
                all_bytes.insert(bytes);
                served += 1;
            }
            // Past the last image: the documented 400; a post without `index` too.
            let past = keys.len();
            let r = c
                .get(&format!(
                    "/ticket_images?ticket_id={ticket_id}&msg_id={msg_id}&index={past}"
                ))
                .await;
            assert_eq!(r.status(), 400);
            if rich {
                let r = c
                    .get(&format!(
                        "/ticket_images?ticket_id={ticket_id}&msg_id={msg_id}"
                    ))
                    .await;
                assert_eq!(r.status(), 400);
            } else {
                let r = c
                    .get(&format!(
                        "/ticket_images?ticket_id={ticket_id}&msg_id={msg_id}"
                    ))
                    .await;
                assert!(matches!(r.status().as_u16(), 200 | 401));
            }
        }
    }
    assert!(
        served > 20 && deleted > 0 && posts > 0,
        "{served} {deleted} {posts}"
    );
    assert_eq!(all_bytes.len(), served, "every image differs");
    assert_eq!(kinds.len(), 2, "PNG and JPEG");

    // A message the ticket does not hold (another ticket's), a ticket the server does
    // not hold: the documented 404.
    let helpdesk = synthetic_helpdesk(TICKETS);
    let (first, _) = &helpdesk[0];
    let (_, other) = helpdesk[1..].iter().find(|(_, m)| !m.is_empty()).unwrap();
    let foreign = other[0].id.clone().unwrap();
    let first = first.ticket_id.clone().unwrap();
    for url in [
        format!("/ticket_images?ticket_id={first}&msg_id={foreign}&index=0"),
        format!("/ticket_images?ticket_id={first}&msg_id=1"),
        "/ticket_images?ticket_id=1&msg_id=1&index=0".to_owned(),
    ] {
        let r = c.get(&url).await;
        assert_eq!(r.status(), 404, "{url}");
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["code"], 154004);
    }
}

#[tokio::test]
async fn faqs_of_each_status_list_and_page_within_existing_categories() {
    let c = Client::start().await;
    let categories = c.json("/categories").await;
    // The tree: flatten it, checking each child names its parent.
    let mut ids = HashSet::new();
    let mut stack: Vec<(Value, Option<String>)> = categories["data"]["categories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c.clone(), None))
        .collect();
    let mut children = 0;
    while let Some((category, parent)) = stack.pop() {
        // (The documentation's example category holds children of its own, without
        // `category_id`, naming a parent it does not hold: left as documented.)
        if let Some(parent) = parent.filter(|_| category["category_id"].is_string()) {
            assert_eq!(category["parent_id"].as_str(), Some(parent.as_str()));
            children += 1;
        }
        let id = category["category_id"]
            .as_str()
            .or(category["id"].as_str())
            .unwrap()
            .to_owned();
        for child in category["children"].as_array().into_iter().flatten() {
            stack.push((child.clone(), Some(id.clone())));
        }
        ids.insert(id);
    }
    assert!(children >= 8, "{categories}");
    let one = c.json("/categories?lang=en_us").await;
    let roots = one["data"]["categories"].as_array().unwrap();
    assert!(roots.iter().all(|r| r["language"] == "en_us"), "{one}");

    let every = c.all("/faqs", "", "page_token").await;
    let mut seen = HashSet::new();
    let mut by_status = HashMap::new();
    for status in ["1", "0", "2"] {
        let faqs = c
            .all("/faqs", &format!("&status={status}"), "page_token")
            .await;
        assert!(!faqs.is_empty(), "status {status}");
        for faq in &faqs {
            let id = faq["faq_id"].as_str().unwrap().to_owned();
            assert!(seen.insert(id.clone()), "{id} in one status only");
            for category in faq["categories"].as_array().unwrap() {
                let category = category["category_id"].as_str().unwrap();
                assert!(ids.contains(category), "{id}: category {category} exists");
            }
        }
        by_status.insert(status, faqs.len());
    }
    assert_eq!(seen.len(), every.len(), "every FAQ is in one status");
    assert!(by_status["1"] > by_status["0"], "{by_status:?}");

    // By category and by keyword.
    let billing: Vec<Value> = every
        .iter()
        .filter(|f| f["question"].as_str().unwrap().contains("invoice"))
        .cloned()
        .collect();
    assert!(!billing.is_empty());
    let category = billing[0]["categories"][0]["category_id"].as_str().unwrap();
    let of_category = c
        .all("/faqs", &format!("&category_id={category}"), "page_token")
        .await;
    assert!(
        of_category
            .iter()
            .any(|f| f["faq_id"] == billing[0]["faq_id"])
    );
    assert!(of_category.len() < every.len());
    let found = c.all("/faqs", "&search=INVOICE", "page_token").await;
    assert_eq!(found.len(), billing.len());

    // Their images download, the same bytes twice; another key is not found.
    let mut images = 0;
    for faq in &every {
        let id = faq["faq_id"].as_str().unwrap();
        for item in faq["answer_richtext"].as_array().unwrap() {
            if item["type"] != "img" {
                continue;
            }
            let key = item["key"].as_str().unwrap();
            let url = format!("/faqs/{id}/image/{key}");
            let r = c.get(&url).await;
            assert_eq!(r.status(), 200, "{url}");
            let bytes = r.bytes().await.unwrap();
            assert!(is_png(&bytes) || is_jpeg(&bytes), "{url}");
            assert_eq!(c.get(&url).await.bytes().await.unwrap(), bytes);
            images += 1;
        }
        // (The documentation's FAQs answer any key, as without a synthetic helpdesk.)
        if faq["helpdesk_id"] == SYNTHETIC_HELPDESK_ID {
            let r = c.get(&format!("/faqs/{id}/image/img_nobody")).await;
            assert_eq!(r.status(), 404);
        }
    }
    assert!(images > 3, "{images}");

    // The collection's reads answer the same items.
    let get = c
        .json(&format!("/faqs/{}", every[0]["faq_id"].as_str().unwrap()))
        .await;
    assert_eq!(get["data"]["faq"], every[0]);
}

#[tokio::test]
async fn every_agent_a_ticket_names_exists_and_every_custom_field_is_defined() {
    let c = Client::start().await;
    let schedules = c
        .json("/agent_schedules?status=1&status=2&status=3&status=4")
        .await;
    let scheduled: HashSet<String> = schedules["data"]["agent_schedules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["agent"]["id"].as_str().unwrap().to_owned())
        .collect();
    let emails = c.json("/agent_emails").await;
    let emails = emails["data"]["agents"].as_object().unwrap().clone();
    let skills = c.json("/agent_skills").await;
    let skills = skills["data"]["agent_skills"].as_array().unwrap().clone();
    let rules = c.json("/agent_skill_rules").await;
    let rules = rules["data"]["rules"].as_array().unwrap().clone();
    let fields = c
        .all("/ticket_customized_fields", "", "next_page_token")
        .await;
    let defined: HashMap<String, Value> = fields
        .iter()
        .map(|f| {
            (
                f["ticket_customized_field_id"].as_str().unwrap().to_owned(),
                f.clone(),
            )
        })
        .collect();

    let mut agents = HashSet::new();
    let mut carried = 0;
    for (ticket, _) in synthetic_helpdesk(50) {
        let named = ticket
            .agents
            .iter()
            .flatten()
            .chain(ticket.closed_by.iter())
            .chain(ticket.agent_owner.iter());
        for agent in named {
            let id = agent.id.clone().unwrap();
            assert!(scheduled.contains(&id), "{id} is scheduled");
            assert_eq!(emails[&id].as_str(), agent.email.as_deref(), "{id}'s email");
            agents.insert(id);
        }
        for field in ticket.customized_fields.iter().flatten() {
            let id = field.id.clone().unwrap();
            let definition = &defined[&id];
            assert_eq!(definition["key_name"].as_str(), field.key_name.as_deref());
            let got = c.json(&format!("/ticket_customized_fields/{id}")).await;
            assert_eq!(&got["data"], definition);
            carried += 1;
        }
    }
    assert_eq!(agents.len(), 4);
    assert!(carried > 0);

    for agent in &agents {
        let one = c.json(&format!("/agents/{agent}/schedules")).await;
        let schedule = &one["data"]["agent_schedule"];
        assert_eq!(schedule["agent"]["id"], agent.as_str());
        assert!(!schedule["schedule"].as_array().unwrap().is_empty());
        // Its skills exist, and name it.
        for skill in schedule["agent_skills"].as_array().unwrap() {
            let id = skill["id"].as_str().unwrap();
            let got = c.json(&format!("/agent_skills/{id}")).await;
            let got = &got["data"]["agent_skill"];
            assert!(
                got["agent_ids"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|a| a == agent.as_str())
            );
            for rule in got["rules"].as_array().unwrap() {
                assert!(rules.iter().any(|r| r["id"] == rule["id"]), "{rule}");
            }
        }
    }
    assert!(skills.len() >= 3);
    // Only online agents, when asked.
    let online = c.json("/agent_schedules?status=1").await;
    assert!(
        online["data"]["agent_schedules"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["status"] == 1)
    );
}

#[tokio::test]
async fn without_a_synthetic_helpdesk_the_documented_answers_stay() {
    let mock = MockHelpdesk::start().await;
    let http = reqwest::Client::new();
    let token = token(&mock, &http).await;
    let get = |path: &str| {
        http.get(format!("{}/open-apis/helpdesk/v1{path}", mock.uri()))
            .bearer_auth(&token)
            .header(HELPDESK_HEADER, mock.credentials().helpdesk_header_value())
            .send()
    };
    let r = get("/ticket_images?ticket_id=1&msg_id=1").await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/octet-stream");
    let all: Value = get("/faqs").await.unwrap().json().await.unwrap();
    let body: Value = get("/faqs?status=2").await.unwrap().json().await.unwrap();
    assert_eq!(
        body["data"]["items"], all["data"]["items"],
        "no filter: {body}"
    );
    let body: Value = get("/agent_emails").await.unwrap().json().await.unwrap();
    assert_eq!(body["data"]["agents"].as_object().unwrap().len(), 2);
}
