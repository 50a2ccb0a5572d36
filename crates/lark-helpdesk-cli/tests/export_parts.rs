//! `export` of the whole helpdesk: every part the spec's `x-export` names (the images of
//! the messages, the FAQs and their images, the categories, the agents' schedules,
//! emails and skills, the skill rules, the ticket custom fields), each item once, the
//! images byte for byte those the server serves; `--only` / `--skip`; a part the server
//! refuses is skipped; reruns download nothing again; a run stopped in the images is
//! continued.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use common::{assert_same_export, cli, files, helpdesk, lines, manifest, temp_dir};
use futures::TryStreamExt;
use lark_helpdesk::{Client, item_images, ops};
use lark_helpdesk_mock::{Fault, FaultScope, MockHelpdesk};
use serde_json::Value;

fn client(mock: &MockHelpdesk) -> Client {
    Client::builder()
        .from_lookup(|name| mock.env_var(name))
        .build()
        .unwrap()
}

/// The bytes the server serves for one download, or `None` when it reports the image
/// deleted (154404).
async fn served(
    client: &Client,
    op: &'static lark_helpdesk::Operation,
    params: &[(&str, String)],
) -> Option<Vec<u8>> {
    let mut request = client.operation(op);
    for (k, v) in params {
        request = request.param(k, v);
    }
    let mut bytes = Vec::new();
    match request.download(&mut bytes).await {
        Ok(_) => Some(bytes),
        Err(e) if e.code() == Some(154_404) => None,
        Err(e) => panic!("{} {params:?}: {e}", op.id),
    }
}

/// The items of every listing part, as the server lists them now (by part name).
async fn listed(client: &Client) -> BTreeMap<&'static str, Vec<Value>> {
    let mut out = BTreeMap::new();
    for op in ops::ALL {
        let Some(export) = op.export else { continue };
        if export.of.is_some() || export.part == "tickets" {
            continue;
        }
        let calls: &[&[(&str, &str)]] = if export.calls.is_empty() {
            &[&[]]
        } else {
            export.calls
        };
        let mut items = Vec::new();
        for call in calls {
            let mut request = client.operation(op);
            for (k, v) in *call {
                request = request.param(k, v);
            }
            if op.pagination.is_some() {
                items.extend(request.stream().try_collect::<Vec<_>>().await.unwrap());
            } else {
                let data = request.send().await.unwrap().data;
                let field = if export.items.is_empty() {
                    data.as_object()
                        .unwrap()
                        .iter()
                        .find(|(_, v)| v.is_array())
                        .unwrap()
                        .0
                        .clone()
                } else {
                    export.items.to_owned()
                };
                match (&data[&field], export.entries) {
                    (Value::Array(a), _) => items.extend(a.iter().cloned()),
                    (Value::Object(m), Some((k, v))) => items.extend(
                        m.iter()
                            .map(|(key, value)| serde_json::json!({ k: key, v: value })),
                    ),
                    (other, _) => panic!("{}: {other}", op.id),
                }
            }
        }
        out.insert(export.part, items);
    }
    out
}

fn sorted(items: &[Value]) -> Vec<String> {
    let mut out: Vec<String> = items.iter().map(Value::to_string).collect();
    out.sort();
    out
}

/// Checks that `dir` holds every part of the server, each item once, each image as the
/// server serves it; returns the number of (message, FAQ) image files.
async fn assert_whole(mock: &MockHelpdesk, dir: &Path) -> (usize, usize) {
    let client = client(mock);
    // The listing parts: the same items as listed, each once.
    for (part, items) in listed(&client).await {
        let held = lines(&dir.join(format!("{part}.ndjson")));
        assert_eq!(sorted(&held), sorted(&items), "{part}");
        let unique: BTreeSet<String> = held.iter().map(Value::to_string).collect();
        assert_eq!(unique.len(), held.len(), "{part}: an item twice");
        assert_eq!(
            manifest(dir)["parts"][part]["items"],
            held.len(),
            "{part} counted"
        );
    }
    // The message images: every image each message names, once, byte for byte.
    let mut referenced = BTreeSet::new();
    let mut deleted = 0;
    for entry in std::fs::read_dir(dir.join("messages")).unwrap() {
        let path = entry.unwrap().path();
        let ticket = path.file_stem().unwrap().to_str().unwrap().to_owned();
        for message in lines(&path) {
            let want = item_images(&ops::GET_TICKET_IMAGE, &message);
            let got = message["images"].as_array().cloned().unwrap_or_default();
            assert_eq!(got.len(), want.len(), "{message}");
            for (image, want) in got.iter().zip(&want) {
                assert_eq!(image["key"], want.key.as_str());
                let mut params = vec![("ticket_id", ticket.clone())];
                params.extend(want.params.iter().map(|(k, v)| (*k, v.clone())));
                let bytes = served(&client, &ops::GET_TICKET_IMAGE, &params).await;
                match bytes {
                    None => {
                        assert_eq!(image["deleted"], true, "{image}");
                        deleted += 1;
                    }
                    Some(bytes) => {
                        let file = image["file"].as_str().unwrap();
                        assert!(
                            file.starts_with(&format!("images/{ticket}/{}.", want.name)),
                            "{file}"
                        );
                        assert!(std::fs::read(dir.join(file)).unwrap() == bytes, "{file}");
                        assert_eq!(image["bytes"], bytes.len());
                        assert!(referenced.insert(file.to_owned()), "{file} twice");
                    }
                }
            }
        }
    }
    let on_disk: BTreeSet<String> = files(dir)
        .into_keys()
        .map(|p| p.to_str().unwrap().to_owned())
        .filter(|p| p.starts_with("images/"))
        .collect();
    assert_eq!(on_disk, referenced, "every image file is a message's");
    assert!(
        !referenced.is_empty() && deleted > 0,
        "images, some deleted"
    );
    assert_eq!(manifest(dir)["parts"]["images"]["items"], referenced.len());

    // The FAQ images: every image each FAQ names, once, byte for byte.
    let mut want = Vec::new();
    for faq in lines(&dir.join("faqs.ndjson")) {
        want.extend(item_images(&ops::GET_FAQ_IMAGE, &faq));
    }
    let index = lines(&dir.join("faq_images.ndjson"));
    assert_eq!(index.len(), want.len());
    let mut faq_files = 0;
    for (line, image) in index.iter().zip(&want) {
        assert_eq!(line["key"], image.key.as_str());
        match served(&client, &ops::GET_FAQ_IMAGE, &image.params).await {
            None => assert_eq!(line["deleted"], true),
            Some(bytes) => {
                let file = line["file"].as_str().unwrap();
                assert!(std::fs::read(dir.join(file)).unwrap() == bytes, "{file}");
                faq_files += 1;
            }
        }
    }
    assert!(faq_files > 0);
    assert_eq!(manifest(dir)["parts"]["faq_images"]["items"], faq_files);
    (referenced.len(), faq_files)
}

fn export(mock: &MockHelpdesk, dir: &Path, args: &[&str]) -> String {
    let output = cli(mock)
        .args(["export", "--output"])
        .arg(dir)
        .args(args)
        .assert()
        .success()
        .get_output()
        .clone();
    String::from_utf8(output.stderr).unwrap()
}

fn downloads(mock: &MockHelpdesk) -> usize {
    mock.requests_of("get_ticket_image") + mock.requests_of("get_faq_image")
}

#[tokio::test(flavor = "multi_thread")]
async fn an_export_holds_every_part_once_and_a_rerun_downloads_nothing_again() {
    let mock = helpdesk(30).await;
    let dir = temp_dir("parts-whole");
    export(&mock, &dir, &[]);
    let made = downloads(&mock);
    let m = manifest(&dir);
    for part in lark_helpdesk_api::export_parts() {
        assert!(
            m["parts"][part]["synced_at"].is_string(),
            "{part} synced: {m}"
        );
    }
    let (images, faq_images) = assert_whole(&mock, &dir).await;
    // Each image downloaded once (deleted ones asked once too).
    let mut deleted = 0;
    for entry in std::fs::read_dir(dir.join("messages")).unwrap() {
        for message in lines(&entry.unwrap().path()) {
            deleted += message["images"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|i| i["deleted"] == true)
                .count();
        }
    }
    let faq_deleted = lines(&dir.join("faq_images.ndjson"))
        .iter()
        .filter(|l| l["deleted"] == true)
        .count();
    assert_eq!(made, images + deleted + faq_images + faq_deleted);

    // A rerun: nothing downloaded, nothing rewritten.
    let before = files(&dir);
    let mtimes = |dir: &Path| -> Vec<_> {
        ["faqs.ndjson", "categories.ndjson", "faq_images.ndjson"]
            .iter()
            .map(|f| std::fs::metadata(dir.join(f)).unwrap().modified().unwrap())
            .collect()
    };
    let stamps = mtimes(&dir);
    let counted = downloads(&mock);
    export(&mock, &dir, &[]);
    assert_eq!(downloads(&mock), counted, "no image asked for again");
    assert!(files(&dir) == before, "the same files");
    assert_eq!(mtimes(&dir), stamps, "unchanged parts are not rewritten");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn skip_and_only_choose_parts_and_a_later_run_fills_in_the_images() {
    let mock = helpdesk(12).await;
    let fresh = temp_dir("parts-fresh");
    export(&mock, &fresh, &[]);

    // Without images: messages without them, the images part behind.
    let dir = temp_dir("parts-skip");
    export(&mock, &dir, &["--skip", "images,faq_images"]);
    assert!(!dir.join("images").exists());
    assert!(!dir.join("faq_images.ndjson").exists());
    assert!(dir.join("faqs.ndjson").exists());
    let m = manifest(&dir);
    assert!(m["parts"]["images"]["synced_at"].is_null(), "{m}");
    for entry in std::fs::read_dir(dir.join("messages")).unwrap() {
        for message in lines(&entry.unwrap().path()) {
            assert!(message.get("images").is_none());
        }
    }
    // The next run gives the held messages their images: the same as a fresh export.
    let counted = mock.requests_of("list_ticket_messages");
    let stderr = export(&mock, &dir, &[]);
    assert!(stderr.contains("given their images"), "{stderr}");
    assert_eq!(
        mock.requests_of("list_ticket_messages"),
        counted,
        "the messages held are not fetched again"
    );
    assert_same_export(&dir, &fresh);
    assert_whole(&mock, &dir).await;

    // --only: those parts and no other.
    let only = temp_dir("parts-only");
    export(&mock, &only, &["--only", "faqs,categories"]);
    let names: BTreeSet<String> = files(&only)
        .into_keys()
        .map(|p| p.to_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        names,
        BTreeSet::from(["categories.ndjson".into(), "faqs.ndjson".into()])
    );
    let m = manifest(&only);
    assert!(m["parts"].get("tickets").is_none(), "{m}");
    // Then everything: the same as a fresh export.
    export(&mock, &only, &[]);
    assert_same_export(&only, &fresh);

    // A part that is none is refused, naming the parts.
    let out = cli(&mock)
        .args(["export", "--output"])
        .arg(temp_dir("parts-bad"))
        .args(["--only", "tickets,faq"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("agent_schedules"), "{stderr}");
    for d in [&dir, &only, &fresh] {
        std::fs::remove_dir_all(d).unwrap();
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_part_the_platform_refuses_is_reported_once_and_skipped() {
    let mock = helpdesk(5).await;
    mock.inject(
        FaultScope::Operation("list_agent_emails".into()),
        Fault::Forbidden,
    );
    let dir = temp_dir("parts-refused");
    let stderr = export(&mock, &dir, &[]);
    assert_eq!(
        stderr.matches("agent_emails skipped").count(),
        1,
        "{stderr}"
    );
    assert!(stderr.contains("--skip agent_emails"), "{stderr}");
    let m = manifest(&dir);
    assert!(m["parts"]["agent_emails"]["skipped"].is_string(), "{m}");
    assert_eq!(m["finished"], true);
    assert!(!dir.join("agent_emails.ndjson").exists());
    assert!(dir.join("agent_schedules.ndjson").exists());

    // Granted later: the next run exports it.
    mock.clear_faults();
    export(&mock, &dir, &[]);
    let m = manifest(&dir);
    assert!(m["parts"]["agent_emails"].get("skipped").is_none(), "{m}");
    assert!(!lines(&dir.join("agent_emails.ndjson")).is_empty());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn an_export_stopped_by_the_images_is_continued_and_ends_as_a_fresh_one() {
    let mock = helpdesk(12).await;
    let fresh = temp_dir("parts-images-fresh");
    export(&mock, &fresh, &[]);

    let dir = temp_dir("parts-images-stopped");
    // Every image download fails after the retries: the run stops, DIR consistent.
    mock.inject(
        FaultScope::Operation("get_ticket_image".into()),
        Fault::Internal,
    );
    let out = cli(&mock)
        .args(["export", "--output"])
        .arg(&dir)
        .assert()
        .failure()
        .get_output()
        .clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("run the same command again"), "{stderr}");
    assert_eq!(manifest(&dir)["finished"], false);
    let expected: BTreeMap<String, Vec<String>> =
        common::holdings(&mock).await.into_iter().collect();
    common::assert_consistent(&dir, &expected);

    mock.clear_faults();
    export(&mock, &dir, &[]);
    assert_same_export(&dir, &fresh);
    for d in [&dir, &fresh] {
        std::fs::remove_dir_all(d).unwrap();
    }
}

/// Every message line that names images has its `images`; how many lines do.
fn lines_with_images(dir: &Path) -> usize {
    let mut n = 0;
    for entry in std::fs::read_dir(dir.join("messages")).unwrap() {
        for message in lines(&entry.unwrap().path()) {
            if !item_images(&ops::GET_TICKET_IMAGE, &message).is_empty() {
                assert!(message.get("images").is_some(), "{message}");
                n += 1;
            }
        }
    }
    n
}

#[tokio::test(flavor = "multi_thread")]
async fn a_run_without_images_stopped_mid_ticket_is_completed_with_them() {
    let mock = helpdesk(10).await;
    let fresh = temp_dir("parts-partial-fresh");
    export(&mock, &fresh, &[]);
    // What a run with --skip images killed amid a ticket leaves: that ticket's lines in
    // a `.partial`, no ticket file.
    let dir = temp_dir("parts-partial");
    export(&mock, &dir, &["--skip", "images"]);
    let ticket = lines(&dir.join("tickets.ndjson"))[0]["ticket_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let messages = dir.join("messages").join(format!("{ticket}.ndjson"));
    std::fs::rename(&messages, messages.with_extension("ndjson.partial")).unwrap();
    std::fs::remove_file(dir.join("tickets").join(format!("{ticket}.json"))).unwrap();
    // ... as the first run, killed: not finished.
    let mut m = manifest(&dir);
    m["finished"] = false.into();
    m["synced_at"] = Value::Null;
    std::fs::write(dir.join("manifest.json"), m.to_string()).unwrap();

    export(&mock, &dir, &[]);
    assert!(lines_with_images(&dir) > 0);
    assert_same_export(&dir, &fresh);
    for d in [&dir, &fresh] {
        std::fs::remove_dir_all(d).unwrap();
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_image_the_platform_says_is_not_there_is_recorded_and_not_asked_again() {
    let mock = helpdesk(3).await;
    mock.inject(
        FaultScope::Operation("get_ticket_image".into()),
        Fault::NotFound,
    );
    let dir = temp_dir("parts-not-found");
    export(&mock, &dir, &[]);
    let asked = mock.requests_of("get_ticket_image");
    let mut recorded = 0;
    for entry in std::fs::read_dir(dir.join("messages")).unwrap() {
        for message in lines(&entry.unwrap().path()) {
            for image in message["images"].as_array().into_iter().flatten() {
                assert_eq!(image["deleted"], true, "{image}");
                assert!(
                    image["error"].as_str().unwrap().contains("154004"),
                    "{image}"
                );
                recorded += 1;
            }
        }
    }
    assert_eq!(recorded, asked, "each image asked once, each recorded");
    assert!(recorded > 0);
    mock.clear_faults();
    mock.add_messages(
        lines(&dir.join("tickets.ndjson"))[0]["ticket_id"]
            .as_str()
            .unwrap(),
        1,
    );
    export(&mock, &dir, &[]);
    assert!(
        mock.requests_of("get_ticket_image") - asked <= 4,
        "only the new message's images are asked for"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn images_the_platform_refuses_are_skipped_and_fetched_by_a_later_run() {
    let mock = helpdesk(8).await;
    let fresh = temp_dir("parts-images-refused-fresh");
    export(&mock, &fresh, &[]);
    mock.inject(
        FaultScope::Operation("get_ticket_image".into()),
        Fault::Forbidden,
    );
    let dir = temp_dir("parts-images-refused");
    let asked = mock.requests_of("get_ticket_image");
    let stderr = export(&mock, &dir, &[]);
    assert_eq!(stderr.matches("images skipped").count(), 1, "{stderr}");
    // Those already started when the first refusal came (several tickets' pages at
    // once), far fewer than the images: no download starts after it.
    let refused = mock.requests_of("get_ticket_image") - asked;
    assert!(
        refused >= 1 && refused * 2 < asked,
        "{refused} of {asked}: downloads went on after the refusal"
    );
    let m = manifest(&dir);
    assert!(m["parts"]["images"]["skipped"].is_string(), "{m}");
    assert!(m["parts"]["images"]["synced_at"].is_null(), "{m}");
    assert_eq!(m["finished"], true);
    assert!(
        lines(&dir.join("faqs.ndjson")).len() > 1,
        "the other parts go on"
    );

    mock.clear_faults();
    let stderr = export(&mock, &dir, &[]);
    assert!(stderr.contains("given their images"), "{stderr}");
    assert_same_export(&dir, &fresh);
    assert!(manifest(&dir)["parts"]["images"].get("skipped").is_none());
    for d in [&dir, &fresh] {
        std::fs::remove_dir_all(d).unwrap();
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_part_that_fails_fails_the_run_but_keeps_the_finished_tickets() {
    let mock = helpdesk(6).await;
    mock.inject(FaultScope::Operation("list_faqs".into()), Fault::Internal);
    let dir = temp_dir("parts-failing");
    cli(&mock)
        .args(["export", "--output"])
        .arg(&dir)
        .assert()
        .failure();
    let m = manifest(&dir);
    assert_eq!(m["finished"], true, "the tickets finished: {m}");
    assert!(m["synced_at"].is_string());
    assert_eq!(
        lines(&dir.join("tickets.ndjson")).len(),
        m["tickets"].as_u64().unwrap() as usize
    );
    assert!(m["parts"].get("faqs").is_none(), "{m}");
    assert!(m["parts"]["categories"]["synced_at"].is_string(), "{m}");

    mock.clear_faults();
    let counted = mock.requests_of("list_ticket_messages");
    export(&mock, &dir, &[]);
    assert_eq!(
        mock.requests_of("list_ticket_messages"),
        counted,
        "the tickets are not fetched again"
    );
    assert!(!lines(&dir.join("faqs.ndjson")).is_empty());
    std::fs::remove_dir_all(&dir).unwrap();
}
