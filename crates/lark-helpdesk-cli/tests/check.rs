//! `check` against the fake server, as it is and with drift injected in front of it: a
//! field removed, a field retyped, an undocumented status, an unknown field, a page
//! token handed back; every read of the spec in the report; `--write`'s create, get and
//! delete of each collection, and what a failed delete leaves behind.

use lark_helpdesk::ops;
use lark_helpdesk_api::Method;
use lark_helpdesk_api::spec::Spec;
use lark_helpdesk_mock::{Fault, FaultScope, MockHelpdesk};
use serde_json::{Value, json};
use wiremock::matchers::{method, path, path_regex, query_param};
use wiremock::{Mock, ResponseTemplate};

mod common;
use common::{cli, temp_dir};

/// What the fake server answers that the spec does not allow, each a JSON path of a
/// finding `check` rightly reports against it (a shortcoming of the mock, not of
/// `check`): the mock keeps a collection's `id_field` in a notification (whose answers
/// carry `id`), and keeps a created FAQ as it was sent (`answer_richtext` a JSON string
/// where answers have an array; `category_id` where answers have `categories`).
const MOCK_QUIRKS: [&str; 3] = [
    "$.data.notification.notification_id",
    "$.data.faq.answer_richtext",
    "$.data.faq.category_id",
];

/// The findings of a report (`FAILURE at ...`, `warning at ...` lines) not explained by
/// [`MOCK_QUIRKS`].
fn unexplained(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("FAILURE at ") || l.starts_with("warning at "))
        .filter(|l| !MOCK_QUIRKS.iter().any(|q| l.contains(&format!(" at {q}:"))))
        .collect()
}

/// The reads of the spec (its GETs but the token endpoint), from the operation table.
fn reads() -> Vec<&'static str> {
    ops::ALL
        .iter()
        .filter(|op| op.method == Method::Get && !op.tokens.is_empty())
        .map(|op| op.id)
        .collect()
}

/// The `x-resource` of an operation, from the spec.
fn resource(id: &str) -> Option<Value> {
    Spec::embedded()
        .operations()
        .find(|(op, ..)| *op == id)
        .and_then(|(.., object)| object.get("x-resource").cloned())
}

/// The operation acting as `action` on collection `name`.
fn collection_op(name: &str, action: &str) -> Option<&'static str> {
    ops::ALL
        .iter()
        .map(|op| op.id)
        .find(|id| resource(id).is_some_and(|r| r["name"] == name && r["action"] == action))
}

/// The collections `--write` cycles through: those with a create, a get and a delete; each
/// with those and its listing.
fn cycles() -> Vec<[&'static str; 4]> {
    let mut names: Vec<String> = ops::ALL
        .iter()
        .filter_map(|op| resource(op.id))
        .filter(|r| r["action"] == "create")
        .map(|r| r["name"].as_str().unwrap().to_owned())
        .collect();
    names.dedup();
    names
        .iter()
        .filter_map(|name| {
            Some([
                collection_op(name, "create")?,
                collection_op(name, "get")?,
                collection_op(name, "delete")?,
                collection_op(name, "list")?,
            ])
        })
        .collect()
}

/// Every item of each collection `--write` cycles through, as `api OP --all` prints them.
fn collections(mock: &MockHelpdesk) -> Vec<(&'static str, String)> {
    cycles()
        .into_iter()
        .map(|[.., list]| {
            let output = cli(mock).args(["api", list, "--all"]).output().unwrap();
            assert!(output.status.success(), "{list}: {output:?}");
            (list, String::from_utf8(output.stdout).unwrap())
        })
        .collect()
}

/// The number of requests a report says were sent.
fn sent(stderr: &str) -> usize {
    stderr
        .lines()
        .filter(|l| {
            ["  ok    ", "  warn  ", "  FAIL  "]
                .iter()
                .any(|v| l.starts_with(v))
        })
        .count()
}

/// A ticket of the synthetic helpdesk of 50 with more than three pages of 20 messages.
static TICKET: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    let helpdesk = lark_helpdesk_mock::synthetic_helpdesk(50);
    let (ticket, _) = helpdesk
        .iter()
        .find(|(_, messages)| messages.len() > 60)
        .expect("a ticket of a few pages");
    ticket.ticket_id.clone().unwrap()
});

async fn mock() -> MockHelpdesk {
    MockHelpdesk::builder()
        .synthetic_helpdesk(50)
        .start()
        .await
        .unwrap()
}

/// A page of messages as the mock sends it, to be changed.
fn page(mock: &MockHelpdesk) -> Value {
    let messages = mock.messages(&TICKET).unwrap();
    json!({"code": 0, "msg": "success", "data": {"messages": &messages[..20], "total": messages.len()}})
}

/// The images the first `n` messages of [`TICKET`] name, each as the label of its
/// download in a report (`msg 69... index=1`).
fn ticket_images(mock: &MockHelpdesk, n: usize) -> Vec<(lark_helpdesk::ItemImage, String)> {
    let messages = mock.messages(&TICKET).unwrap();
    messages[..n]
        .iter()
        .flat_map(|m| {
            lark_helpdesk::item_images(&ops::GET_TICKET_IMAGE, &serde_json::to_value(m).unwrap())
        })
        .map(|image| {
            let label = image
                .params
                .iter()
                .map(|(name, value)| match *name {
                    "msg_id" => format!("msg {value}"),
                    _ => format!("{name}={value}"),
                })
                .collect::<Vec<_>>()
                .join(" ");
            (image, format!("ticket {} {label}", &*TICKET))
        })
        .collect()
}

/// Answers the documented `ImageDeleted` refusal (HTTP 401, 154404) to the downloads of
/// ticket images, in front of the mock's own route: those of message `msg_id`, or all.
async fn deleted_images(mock: &MockHelpdesk, msg_id: Option<&str>) {
    let deleted = Spec::embedded().example("get_ticket_image", 401).unwrap();
    assert_eq!(deleted["code"], 154404);
    let mut route = Mock::given(method("GET")).and(path("/open-apis/helpdesk/v1/ticket_images"));
    if let Some(msg_id) = msg_id {
        route = route.and(query_param("msg_id", msg_id));
    }
    route
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(&deleted)
                .insert_header("X-Tt-Logid", "deleted-log-id"),
        )
        .with_priority(1)
        .mount(mock.server())
        .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_download_takes_the_first_listed_image_with_its_index() {
    let mock = mock().await;
    let (code, stderr) = check(&mock, &["--pages", "1"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(unexplained(&stderr), [] as [&str; 0], "{stderr}");
    // The first image listed, with the `index` of a rich-text message's image (which
    // the download refuses without).
    let images = ticket_images(&mock, 20);
    let (_, label) = images.first().expect("an image among the first messages");
    assert!(
        stderr.contains(&format!("  ok    get_ticket_image {label}: HTTP 200")),
        "{label}: {stderr}"
    );
    assert_eq!(mock.requests_of("get_ticket_image"), 1);
    // An FAQ's image: the first FAQ listed that names one, by its key.
    let output = cli(&mock).args(["api", "list_faqs"]).output().unwrap();
    let page: Value = serde_json::from_slice(&output.stdout).unwrap();
    let faq = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find_map(|faq| {
            lark_helpdesk::item_images(&ops::GET_FAQ_IMAGE, faq)
                .into_iter()
                .next()
        })
        .expect("an FAQ with an image");
    assert!(
        stderr.contains(&format!(
            "  ok    get_faq_image id {} image key {}: HTTP 200",
            faq.params[0].1, faq.key
        )),
        "{stderr}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_deleted_image_is_passed_over_for_the_next_one() {
    let mock = mock().await;
    let images = ticket_images(&mock, 20);
    assert!(images.len() >= 2, "{images:?}");
    let (first, first_label) = &images[0];
    deleted_images(&mock, Some(&first.params[0].1)).await;
    let (code, stderr) = check(&mock, &["--pages", "1"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(unexplained(&stderr), [] as [&str; 0], "{stderr}");
    assert!(
        stderr.contains(&format!(
            "  ok    get_ticket_image {first_label}: HTTP 401 (log id deleted-log-id)\n          image deleted (code 154404): the next image of list_ticket_messages is tried\n"
        )),
        "{stderr}"
    );
    // The next image is of another message (or the same message's next image, deleted
    // too by the route above, and so on): the first of another message is downloaded.
    let (_, next_label) = images
        .iter()
        .find(|(image, _)| image.params[0] != first.params[0])
        .unwrap();
    assert!(
        stderr.contains(&format!("  ok    get_ticket_image {next_label}: HTTP ")),
        "{next_label}: {stderr}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn when_every_image_tried_was_deleted_the_documented_answer_is_checked() {
    let mock = mock().await;
    deleted_images(&mock, None).await;
    let (code, stderr) = check(&mock, &["--pages", "1"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(unexplained(&stderr), [] as [&str; 0], "{stderr}");
    let images = ticket_images(&mock, 20);
    assert!(images.len() >= 3, "{images:?}");
    // Three tries, then the last refusal is the answer checked.
    let downloads = mock
        .received_requests()
        .await
        .iter()
        .filter(|r| r.url.path() == "/open-apis/helpdesk/v1/ticket_images")
        .count();
    assert_eq!(downloads, 3);
    let tried: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("  ok    get_ticket_image "))
        .collect();
    assert_eq!(tried.len(), 3, "{stderr}");
    for ((_, label), line) in images.iter().zip(&tried) {
        assert_eq!(
            *line,
            format!("  ok    get_ticket_image {label}: HTTP 401 (log id deleted-log-id)")
        );
    }
    assert!(
        stderr.contains(&format!(
            "{}\n          image deleted (code 154404); so were all 3 images of list_ticket_messages tried: its documented answer checked instead\n",
            tried[2]
        )),
        "{stderr}"
    );
}

/// Serves `body` at `status` for the ticket's messages, in front of the mock's own route.
async fn drift(mock: &MockHelpdesk, status: u16, body: &Value) {
    let ticket = &*TICKET;
    Mock::given(method("GET"))
        .and(path(format!(
            "/open-apis/helpdesk/v1/tickets/{ticket}/messages"
        )))
        .respond_with(
            ResponseTemplate::new(status)
                .set_body_json(body)
                .insert_header("X-Tt-Logid", "drift-log-id"),
        )
        .with_priority(1)
        .mount(mock.server())
        .await;
}

fn check(mock: &MockHelpdesk, extra: &[&str]) -> (Option<i32>, String) {
    let output = cli(mock)
        .args(["check", "--ticket", &TICKET])
        .args(extra)
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn the_fake_server_passes_every_check_and_its_answers_record_as_fixtures() {
    let mock = mock().await;
    let junit = temp_dir("check-junit.xml");
    let record = temp_dir("check-record");
    let (code, stderr) = check(
        &mock,
        &[
            "--junit",
            junit.to_str().unwrap(),
            "--record",
            record.to_str().unwrap(),
        ],
    );
    assert_eq!(code, Some(0), "{stderr}");
    let ticket = &*TICKET;
    let requests = sent(&stderr);
    for line in [
        "ok    tenant_access_token_internal app cli_mock_app: HTTP 200",
        "ok    list_tickets page 1: HTTP 200",
        "ok    list_tickets page 3: HTTP 200",
        &format!("ok    get_ticket ticket {ticket}: HTTP 200"),
        &format!("ok    list_ticket_messages ticket {ticket} page 3: HTTP 200"),
        &format!("{requests} requests: 0 failures, "),
        ": the server answers as the spec says",
    ] {
        assert!(stderr.contains(line), "{line}\n{stderr}");
    }
    assert_eq!(unexplained(&stderr), [] as [&str; 0], "{stderr}");
    assert!(!stderr.contains("page 4"), "--pages 3 by default: {stderr}");

    let xml = std::fs::read_to_string(&junit).unwrap();
    assert!(
        xml.contains(&format!(r#"tests="{}""#, requests)) && xml.contains(r#"failures="0""#),
        "{xml}"
    );

    // Each recorded answer reads as a fixture of the harness, with nobody's data in it.
    let messages = record.join(format!(
        "recorded_list_ticket_messages_ticket_{ticket}_page_1_200.json"
    ));
    let fixture: Value = serde_json::from_slice(&std::fs::read(&messages).unwrap()).unwrap();
    assert_eq!(fixture["status"], 200);
    assert_eq!(fixture["content_type"], "application/json");
    assert!(fixture["headers"]["x-tt-logid"].is_string());
    assert!(
        fixture["description"]
            .as_str()
            .unwrap()
            .contains("recorded by lark-helpdesk check")
    );
    let first = &fixture["body"]["data"]["messages"][0];
    let held = &mock.messages(ticket).unwrap()[0];
    assert_eq!(first["id"].as_str(), held.id.as_deref());
    assert_eq!(first["user_name"], "redacted");
    let text = std::fs::read_to_string(&messages).unwrap();
    assert!(!text.contains(held.user_name.as_deref().unwrap()));
    let token = std::fs::read_dir(record.join("tenant_access_token_internal"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let token: Value = serde_json::from_slice(&std::fs::read(token).unwrap()).unwrap();
    assert_eq!(token["body"]["tenant_access_token"], "t-redacted");
    assert_eq!(
        std::fs::read_dir(record.join("tickets")).unwrap().count(),
        3
    );
    // A file's fixture keeps its length and type, not its bytes.
    let image = std::fs::read_dir(record.join("get_ticket_image"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let image: Value = serde_json::from_slice(&std::fs::read(image).unwrap()).unwrap();
    // The synthetic helpdesk's images are real PNG and JPEG files.
    let media = image["content_type"].as_str().unwrap();
    assert!(["image/png", "image/jpeg"].contains(&media), "{image}");
    let text = image["body_text"].as_str().unwrap();
    assert!(
        text.starts_with("(a file of ") && text.ends_with(&format!(" bytes, {media}; not kept)")),
        "{text}"
    );

    // No secret anywhere: not in the report, the JUnit file or a fixture.
    let c = mock.credentials();
    let mut everything = vec![stderr.clone(), xml];
    for entry in walk(&record) {
        everything.push(std::fs::read_to_string(entry).unwrap());
    }
    for text in &everything {
        for secret in [
            c.app_secret.as_str(),
            c.helpdesk_token.as_str(),
            c.user_access_token.as_str(),
            "t-mock-",
        ] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
    }
    std::fs::remove_file(&junit).unwrap();
    std::fs::remove_dir_all(&record).unwrap();
}

/// Every file under `dir`.
fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[tokio::test(flavor = "multi_thread")]
async fn every_read_of_the_spec_is_called_and_no_write() {
    let mock = mock().await;
    let junit = temp_dir("check-reads.xml");
    let (code, stderr) = check(&mock, &["--pages", "1", "--junit", junit.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{stderr}");
    let xml = std::fs::read_to_string(&junit).unwrap();
    let reads = reads();
    assert!(reads.len() > 4, "the spec's reads: {reads:?}");
    for read in &reads {
        let answered = stderr.lines().any(|l| {
            (l.starts_with(&format!("  ok    {read} "))
                || l.starts_with(&format!("  warn  {read} ")))
                || l.starts_with(&format!("  ok    {read}:"))
                || l.starts_with(&format!("  warn  {read}:"))
        });
        assert!(answered, "{read} answered and checked: {stderr}");
        assert!(
            xml.contains(&format!(r#"classname="{read}""#)),
            "{read} in the JUnit report: {xml}"
        );
        assert!(mock.requests_of(read) > 0, "{read}");
    }
    assert!(!xml.contains("<skipped"), "{xml}");
    for op in ops::ALL.iter().filter(|op| op.method != Method::Get) {
        if !op.tokens.is_empty() {
            assert_eq!(mock.requests_of(op.id), 0, "{} is a write", op.id);
        }
    }
    let writes = ops::ALL
        .iter()
        .filter(|op| op.method != Method::Get && !op.tokens.is_empty())
        .count();
    assert!(
        stderr.contains(&format!("{writes} writes not called")),
        "{stderr}"
    );
    std::fs::remove_file(&junit).unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_removed_field_fails_naming_the_operation_the_path_and_the_log_id() {
    let mock = mock().await;
    let mut body = page(&mock);
    body["data"]["messages"][3]
        .as_object_mut()
        .unwrap()
        .remove("created_at");
    drift(&mock, 200, &body).await;
    let junit = temp_dir("check-drift.xml");
    let (code, stderr) = check(&mock, &["--pages", "1", "--junit", junit.to_str().unwrap()]);
    assert_eq!(code, Some(6), "{stderr}");
    let ticket = &*TICKET;
    assert!(
        stderr.contains(&format!(
            "FAIL  list_ticket_messages ticket {ticket} page 1: HTTP 200 (log id drift-log-id)\n          FAILURE at $.data.messages[3].created_at: missing: the spec says it is always sent"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("error: 1 failure against the spec"),
        "{stderr}"
    );
    let xml = std::fs::read_to_string(&junit).unwrap();
    assert!(xml.contains(r#"failures="1""#), "{xml}");
    assert!(xml.contains("$.data.messages[3].created_at"), "{xml}");
    assert!(xml.contains("log id: drift-log-id"), "{xml}");
    std::fs::remove_file(&junit).unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_retyped_field_fails() {
    let mock = mock().await;
    let mut body = page(&mock);
    body["data"]["total"] = json!("45");
    body["data"]["messages"][0]["message_type"] = json!(1);
    drift(&mock, 200, &body).await;
    let (code, stderr) = check(&mock, &["--pages", "1"]);
    assert_eq!(code, Some(6), "{stderr}");
    assert!(
        stderr.contains("FAILURE at $.data.total: a string (\"45\") where the spec has integer"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "FAILURE at $.data.messages[0].message_type: a number (1) where the spec has string"
        ),
        "{stderr}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_undocumented_status_fails() {
    let mock = mock().await;
    drift(&mock, 404, &json!({"code": 404, "msg": "not found"})).await;
    let (code, stderr) = check(&mock, &[]);
    assert_eq!(code, Some(6), "{stderr}");
    let ticket = &*TICKET;
    assert!(
        stderr.contains(&format!(
            "FAIL  list_ticket_messages ticket {ticket} page 1: HTTP 404 (log id drift-log-id)\n          FAILURE at $: HTTP 404 is not a documented answer of list_ticket_messages (documented: 200, 400, 401, 403, 429, 500)"
        )),
        "{stderr}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn unknown_fields_are_warnings_and_pass() {
    let mock = mock().await;
    let mut body = page(&mock);
    body["data"]["has_more"] = json!(true);
    body["data"]["messages"][1]["reactions"] = json!([]);
    drift(&mock, 200, &body).await;
    let (code, stderr) = check(&mock, &["--pages", "1"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains("warning at $.data.has_more: a field the spec does not document"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "warning at $.data.messages[1].reactions: a field the spec does not document"
        ),
        "{stderr}"
    );
    assert!(stderr.contains(" 0 failures, "), "{stderr}");
}

#[tokio::test(flavor = "multi_thread")]
async fn pages_that_do_not_add_up_fail() {
    let mock = mock().await;
    // Every page holds the same first 20: page 2 repeats page 1.
    drift(&mock, 200, &page(&mock)).await;
    let (code, stderr) = check(&mock, &["--pages", "2"]);
    assert_eq!(code, Some(6), "{stderr}");
    assert!(stderr.contains("came on an earlier page too"), "{stderr}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_wrong_app_secret_stops_the_check_as_an_auth_failure() {
    let mock = mock().await;
    let output = cli(&mock)
        .env("LARK_APP_SECRET", "not-the-secret")
        .args(["check"])
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("no token for app cli_mock_app (code 10014: app secret invalid)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("error: the token endpoint refused app cli_mock_app (code 10014)\nhint: check the app id and app secret"),
        "{stderr}"
    );
    assert!(!stderr.contains("not-the-secret"), "{stderr}");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_operation_without_a_success_answer_fails_as_unchecked() {
    let mock = mock().await;
    let (code, stderr) = {
        let output = cli(&mock)
            .args(["check", "--pages", "1", "--ticket", "123"])
            .output()
            .unwrap();
        (
            output.status.code(),
            String::from_utf8(output.stderr).unwrap(),
        )
    };
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains("warn  get_ticket ticket 123: HTTP 400"),
        "{stderr}"
    );
    assert!(
        stderr.contains("warning at $.code: a documented error (code 154000"),
        "{stderr}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn without_a_ticket_the_first_one_listed_is_checked() {
    let mock = mock().await;
    let output = cli(&mock).args(["check", "--pages", "1"]).output().unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    let first = lark_helpdesk_mock::FIRST_SYNTHETIC_TICKET_ID;
    assert!(
        stderr.contains(&format!("ok    get_ticket ticket {first}: HTTP 200")),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "ok    list_ticket_messages ticket {first} page 1: HTTP 200"
        )),
        "{stderr}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_retyped_field_of_a_faq_fails_naming_the_operation_and_the_path() {
    let mock = mock().await;
    let mut faq = Spec::embedded().example("get_faq", 200).unwrap();
    faq["data"]["faq"]["question"] = json!(7);
    Mock::given(method("GET"))
        .and(path_regex(r"^/open-apis/helpdesk/v1/faqs/[0-9]+$"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(&faq)
                .insert_header("X-Tt-Logid", "drift-log-id"),
        )
        .with_priority(1)
        .mount(mock.server())
        .await;
    let junit = temp_dir("check-faq.xml");
    let (code, stderr) = check(&mock, &["--pages", "1", "--junit", junit.to_str().unwrap()]);
    assert_eq!(code, Some(6), "{stderr}");
    // The FAQ got is the first one "list FAQs" answered.
    let listed = mock_faq_id(&mock).await;
    assert!(
        stderr.contains(&format!(
            "FAIL  get_faq id {listed}: HTTP 200 (log id drift-log-id)\n          FAILURE at $.data.faq.question: a number (7) where the spec has string"
        )),
        "{stderr}"
    );
    let xml = std::fs::read_to_string(&junit).unwrap();
    assert!(xml.contains(r#"failures="1""#), "{xml}");
    assert!(xml.contains("$.data.faq.question"), "{xml}");
    std::fs::remove_file(&junit).unwrap();
}

/// The id of the first FAQ the mock lists.
async fn mock_faq_id(mock: &MockHelpdesk) -> String {
    let output = cli(mock).args(["api", "list_faqs"]).output().unwrap();
    let page: Value = serde_json::from_slice(&output.stdout).unwrap();
    page["items"][0]["faq_id"].as_str().unwrap().to_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_page_token_handed_back_again_fails() {
    let mock = mock().await;
    let item = Spec::embedded().example("list_faqs", 200).unwrap()["data"]["items"][0].clone();
    let page = json!({"code": 0, "msg": "success",
        "data": {"has_more": true, "page_token": "same", "items": [item]}});
    Mock::given(method("GET"))
        .and(path("/open-apis/helpdesk/v1/faqs"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(&page)
                .insert_header("X-Tt-Logid", "drift-log-id"),
        )
        .with_priority(1)
        .mount(mock.server())
        .await;
    let (code, stderr) = check(&mock, &[]);
    assert_eq!(code, Some(6), "{stderr}");
    assert!(
        stderr.contains(
            "FAILURE at $.data.page_token: page 2 hands back the token page 2 was asked with (same): a client following it walks in a circle"
        ),
        "{stderr}"
    );
    // The walk stops there: no third page.
    assert!(stderr.contains("list_faqs page 2: HTTP 200"), "{stderr}");
    assert!(!stderr.contains("list_faqs page 3"), "{stderr}");
}

#[tokio::test(flavor = "multi_thread")]
async fn without_a_user_token_the_writes_that_need_one_are_skipped_not_failed() {
    let mock = mock().await;
    let junit = temp_dir("check-no-user.xml");
    let output = cli(&mock)
        .env_remove("LARK_USER_ACCESS_TOKEN")
        .args(["check", "--pages", "1", "--write", "--helpdesk-confirm"])
        .arg(&mock.credentials().helpdesk_id)
        .args(["--junit", junit.to_str().unwrap()])
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("FAIL"), "{stderr}");
    for [create, get, delete, _] in cycles() {
        for op in [create, get, delete] {
            assert!(
                stderr.contains(&format!(
                    "  skip  {op} skipped\n          {create}: needs a user access token: set LARK_USER_ACCESS_TOKEN (or --user-access-token-file)"
                )),
                "{op}: {stderr}"
            );
        }
        assert_eq!(mock.requests_of(create), 0);
    }
    let xml = std::fs::read_to_string(&junit).unwrap();
    assert!(xml.contains("<skipped"), "{xml}");
    assert!(xml.contains(r#"failures="0""#), "{xml}");
    // The reads take the tenant token: all called.
    for read in reads() {
        assert!(mock.requests_of(read) > 0, "{read}");
    }
    std::fs::remove_file(&junit).unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn write_creates_gets_and_deletes_an_item_of_each_collection_and_leaves_them_as_they_were() {
    let mock = mock().await;
    let before = collections(&mock);
    let junit = temp_dir("check-write.xml");
    let (code, stderr) = check(
        &mock,
        &[
            "--pages",
            "1",
            "--write",
            "--helpdesk-confirm",
            &mock.credentials().helpdesk_id,
            "--junit",
            junit.to_str().unwrap(),
        ],
    );
    assert_eq!(unexplained(&stderr), [] as [&str; 0], "{stderr}");
    assert!(matches!(code, Some(0 | 6)), "{stderr}");
    assert_eq!(collections(&mock), before, "every collection as it was");
    let cycles = cycles();
    assert!(cycles.len() >= 3, "{cycles:?}");
    for [create, get, delete, list] in &cycles {
        let name = resource(create).unwrap()["name"]
            .as_str()
            .unwrap()
            .to_owned();
        let line = |op: &str| {
            stderr
                .lines()
                .find(|l| l.contains(&format!(" {op} ")) && l.contains("(created)"))
                .unwrap_or_else(|| panic!("{op} of the item created: {stderr}"))
                .to_owned()
        };
        // Answered 200 and checked (the findings, if any, are the mock's quirks above).
        assert!(
            stderr.contains(&format!(" {create} new item: HTTP 200")),
            "{create}: {stderr}"
        );
        assert!(line(get).contains("(created): HTTP 200"), "{stderr}");
        assert!(
            line(delete).starts_with(&format!("  ok    {delete} ")),
            "{stderr}"
        );
        assert!(
            stderr.contains(&format!("  ok    {list} before the writes")),
            "{stderr}"
        );
        assert!(
            stderr.contains(&format!("  ok    {list} after the writes")),
            "{stderr}"
        );
        let summary = stderr
            .lines()
            .find(|l| l.starts_with(&format!("  {name}: ")))
            .unwrap_or_else(|| panic!("{name} in the summary: {stderr}"));
        assert!(summary.ends_with("created, got and deleted"), "{summary}");
        assert_eq!(mock.requests_of(create), 1, "one item created");
    }
    // The text of what was created says who made it.
    assert!(
        stderr.contains("marked \"lark-helpdesk check 2"),
        "{stderr}"
    );
    // No other write: not one outside a create/get/delete cycle.
    let cycled: Vec<&str> = cycles.iter().flat_map(|c| [c[0], c[2]]).collect();
    for op in ops::ALL
        .iter()
        .filter(|op| op.method != Method::Get && !op.tokens.is_empty())
    {
        if !cycled.contains(&op.id) {
            assert_eq!(mock.requests_of(op.id), 0, "{} is not called", op.id);
        }
    }
    let xml = std::fs::read_to_string(&junit).unwrap();
    for [create, get, delete, _] in &cycles {
        for op in [create, get, delete] {
            assert!(xml.contains(&format!(r#"classname="{op}""#)), "{op}: {xml}");
        }
    }
    std::fs::remove_file(&junit).unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_delete_that_fails_names_the_item_left_behind() {
    let mock = mock().await;
    mock.inject(FaultScope::Operation("delete_faq".into()), Fault::Internal);
    let (code, stderr) = check(
        &mock,
        &[
            "--pages",
            "1",
            "--write",
            "--helpdesk-confirm",
            &mock.credentials().helpdesk_id,
        ],
    );
    assert_eq!(code, Some(6), "{stderr}");
    let line = stderr
        .lines()
        .find(|l| l.starts_with("  FAIL  delete_faq id "))
        .unwrap_or_else(|| panic!("{stderr}"));
    let id = line["  FAIL  delete_faq id ".len()..]
        .split(' ')
        .next()
        .unwrap()
        .to_owned();
    let hint = format!("delete it by hand: lark-helpdesk api delete_faq --param id={id}");
    assert!(
        stderr.contains(&format!(
            "FAILURE at $: not deleted: faqs item {id} is left behind; {hint}"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "  faqs: {id} created, got, NOT deleted: left behind; {hint}"
        )),
        "{stderr}"
    );
    // Said once, not again by the listing after the writes.
    assert_eq!(stderr.matches(&hint).count(), 2, "{stderr}");
    // It is there indeed, and the hint deletes it.
    mock.clear_faults();
    let listed = cli(&mock)
        .args(["api", "list_faqs", "--all"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&listed.stdout).contains(&id));
    cli(&mock)
        .args(["api", "delete_faq", "--param", &format!("id={id}")])
        .assert()
        .success();
    // The other collections were cleaned up.
    for [create, ..] in cycles().into_iter().filter(|c| c[0] != "create_faq") {
        let name = resource(create).unwrap()["name"]
            .as_str()
            .unwrap()
            .to_owned();
        let summary = stderr
            .lines()
            .find(|l| l.starts_with(&format!("  {name}: ")))
            .unwrap_or_else(|| panic!("{name}: {stderr}"));
        assert!(summary.ends_with("created, got and deleted"), "{summary}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn write_needs_the_helpdesk_named() {
    let mock = mock().await;
    let output = cli(&mock)
        .args(["check", "--write", "--helpdesk-confirm", "another_helpdesk"])
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("--write creates and deletes items in helpdesk mock_helpdesk, but --helpdesk-confirm names another_helpdesk: nothing was sent"),
        "{stderr}"
    );
    assert_eq!(mock.token_requests(), 0, "nothing sent");
    let output = cli(&mock).args(["check", "--write"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("--helpdesk-confirm"),
        "{output:?}"
    );
}
