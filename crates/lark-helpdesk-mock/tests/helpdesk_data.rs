//! The rest of the synthetic helpdesk, beside its tickets: message images, the knowledge
//! base, agents, skills and custom fields, consistent with the tickets.

mod common;

use std::collections::{HashMap, HashSet};

use common::{HELPDESK_HEADER, token};
use lark_helpdesk_api::spec::Spec;
use lark_helpdesk_api::{Location, Operation, Pagination, TokenKind, ops};
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
    // A schedule names its agent's email as the emails do (the documentation's example
    // agent has a schedule but no email).
    let mut with_email = 0;
    for schedule in schedules["data"]["agent_schedules"].as_array().unwrap() {
        let agent = &schedule["agent"];
        if let Some(email) = emails.get(agent["id"].as_str().unwrap()) {
            assert_eq!(&agent["email"], email, "{schedule}");
            with_email += 1;
        }
    }
    assert!(with_email >= 6, "{schedules}");
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

/// A listing an export makes, against `mock`: every item of every page of `op` with
/// `query` (its path parameters in place), each item with its id as text.
async fn export_listing(
    mock: &MockHelpdesk,
    http: &reqwest::Client,
    op: &Operation,
    path: &str,
    query: &[(&str, &str)],
) -> Vec<(String, Value)> {
    let token = if op.accepts(TokenKind::Tenant) {
        token(mock, http).await
    } else {
        mock.credentials().user_access_token.clone()
    };
    let export = op.export.unwrap();
    let mut items = Vec::new();
    let mut next: Option<String> = None;
    for page in 1..=100 {
        let mut sent: Vec<(&str, String)> =
            query.iter().map(|(k, v)| (*k, (*v).to_owned())).collect();
        match op.pagination {
            Some(Pagination::Page {
                page_param,
                size_param,
                ..
            }) => sent.extend([(page_param, page.to_string()), (size_param, "20".into())]),
            Some(Pagination::Token {
                token_param,
                size_param,
                ..
            }) => {
                sent.push((size_param, "20".into()));
                sent.extend(next.take().map(|t| (token_param, t)));
            }
            None => {}
        }
        let response = http
            .get(format!("{}{path}", mock.uri()))
            .query(&sent)
            .bearer_auth(&token)
            .header(HELPDESK_HEADER, mock.credentials().helpdesk_header_value())
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{} {sent:?}", op.id);
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["code"], 0, "{} {sent:?}: {body}", op.id);
        let data = &body["data"];
        let field = match (export.items, op.pagination) {
            ("", Some(p)) => p.items(),
            ("", None) => {
                // The one list of `data` (the collection's, `x-resource`'s `data`).
                let lists: Vec<&String> = data
                    .as_object()
                    .unwrap()
                    .iter()
                    .filter(|(_, v)| v.is_array())
                    .map(|(k, _)| k)
                    .collect();
                assert_eq!(lists.len(), 1, "{}: {data}", op.id);
                lists[0]
            }
            (items, _) => items,
        };
        let id_of = |item: &Value| -> String {
            let id = match (export.item_id, op.pagination) {
                ("", Some(p)) if !p.item_id().is_empty() => &item[p.item_id()],
                ("", _) => {
                    let resource = &Spec::embedded()
                        .operations()
                        .find(|(id, ..)| *id == op.id)
                        .unwrap()
                        .3["x-resource"];
                    &item[resource["id_field"].as_str().unwrap()]
                }
                (path, _) => path.split('.').fold(item, |v, f| &v[f]),
            };
            match id {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                _ => String::new(),
            }
        };
        match (&data[field], export.entries) {
            (Value::Object(entries), Some(_)) => items.extend(
                entries
                    .iter()
                    .map(|(key, value)| (key.clone(), value.clone())),
            ),
            (Value::Array(page), None) => {
                items.extend(page.iter().map(|item| (id_of(item), item.clone())))
            }
            (other, _) => panic!("{}: {field} is {other}", op.id),
        }
        let more = match op.pagination {
            Some(Pagination::Page { total, .. }) => {
                (items.len() as i64) < data[total].as_i64().unwrap()
            }
            Some(Pagination::Token {
                has_more,
                next_token,
                ..
            }) => {
                next = data[next_token].as_str().map(str::to_owned);
                data[has_more] == true
            }
            None => false,
        };
        if !more {
            return items;
        }
    }
    panic!("{}: paging does not end", op.id);
}

/// The path of `op` with each parameter taken from the first item `of` lists (the field
/// of the parameter's name), against `mock`; `None` when `of` lists nothing.
async fn export_path(
    mock: &MockHelpdesk,
    http: &reqwest::Client,
    op: &Operation,
) -> Option<String> {
    let mut path = op.path.to_owned();
    if let Some(of) = op.export.and_then(|e| e.of) {
        let of = lark_helpdesk_api::find(of).unwrap();
        let items = export_listing(mock, http, of, of.path, &[]).await;
        let (_, first) = items.first()?;
        for param in op
            .parameters
            .iter()
            .filter(|p| p.location == Location::Path)
        {
            let value = first[param.name].as_str().unwrap();
            path = path.replace(&format!("{{{}}}", param.name), value);
        }
    }
    Some(path)
}

#[tokio::test]
async fn every_listing_an_export_makes_answers_the_synthetic_helpdesk_beside_the_documented_items()
{
    let c = Client::start().await;
    let documented = MockHelpdesk::start().await;
    let listings: Vec<&Operation> = ops::ALL
        .iter()
        .copied()
        .filter(|op| op.export.is_some() && !op.binary)
        .collect();
    assert!(listings.len() >= 9, "{listings:?}");
    for op in listings {
        let export = op.export.unwrap();
        let calls: Vec<&[(&str, &str)]> = if export.calls.is_empty() {
            vec![&[]]
        } else {
            export.calls.to_vec()
        };
        let path = export_path(&c.mock, &c.http, op)
            .await
            .unwrap_or_else(|| panic!("{}: its parent listing lists nothing", op.id));
        // Without a synthetic helpdesk, a listing of parents may list nothing (no ticket
        // is listed), and so nothing of theirs either.
        let plain_path = export_path(&documented, &c.http, op).await;
        for query in calls {
            let items = export_listing(&c.mock, &c.http, op, &path, query).await;
            let plain = match &plain_path {
                Some(path) => export_listing(&documented, &c.http, op, path, query).await,
                None => Vec::new(),
            };
            assert!(
                items.len() > plain.len(),
                "{} {query:?}: {} items, {} without a synthetic helpdesk",
                op.id,
                items.len(),
                plain.len()
            );
            let mut ids = HashSet::new();
            for (id, item) in &items {
                assert!(!id.is_empty(), "{} {query:?}: no id: {item}", op.id);
                assert!(ids.insert(id), "{} {query:?}: {id} twice", op.id);
            }
        }
    }
}
