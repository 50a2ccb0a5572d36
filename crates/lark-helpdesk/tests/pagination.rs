//! Walking every page: where it stops, what it never does, and concurrency.

mod common;

use std::sync::atomic::Ordering;

use common::*;
use futures::StreamExt;
use lark_helpdesk::Error;
use serde_json::json;
use wiremock::{MockServer, Request, Respond, ResponseTemplate};

fn pages_asked(requests: &[Request]) -> Vec<String> {
    requests
        .iter()
        .map(|r| query(r, "page").unwrap_or_default())
        .collect()
}

async fn server_with(pages: impl Respond + 'static) -> MockServer {
    serve(pages).await.0
}

#[tokio::test]
async fn it_stops_at_total_with_the_exact_request_sequence() {
    let server = server_with(Pages::new(messages(450))).await;
    let all = client(&server)
        .ticket_messages("1")
        .collect_all()
        .await
        .unwrap();
    assert_eq!(all.len(), 450);
    let requests = message_requests(&server).await;
    // Pages 2 and 3 may go out together (the limiter lets two out): in any order.
    let mut asked = pages_asked(&requests);
    asked.sort();
    assert_eq!(asked, ["1", "2", "3"]);
    assert!(
        requests
            .iter()
            .all(|r| query(r, "page_size").as_deref() == Some("200"))
    );
}

#[tokio::test]
async fn it_stops_when_total_is_reached_on_a_full_page() {
    let server = server_with(Pages::new(messages(400))).await;
    let all = client(&server)
        .ticket_messages("1")
        .collect_all()
        .await
        .unwrap();
    assert_eq!(all.len(), 400);
    assert_eq!(
        pages_asked(&message_requests(&server).await),
        ["1", "2"],
        "no empty page 3"
    );
}

#[tokio::test]
async fn without_total_it_stops_on_a_short_or_empty_page() {
    let mut pages = Pages::new(messages(40));
    pages.total = None;
    let server = server_with(pages).await;
    let all = client(&server)
        .ticket_messages("1")
        .page_size(20)
        .collect_all()
        .await
        .unwrap();
    assert_eq!(all.len(), 40);
    assert_eq!(
        pages_asked(&message_requests(&server).await),
        ["1", "2", "3"]
    );
}

#[tokio::test]
async fn a_total_larger_than_the_data_stops_on_the_short_page() {
    let mut pages = Pages::new(messages(30));
    pages.total = Some(100);
    let server = server_with(pages).await;
    // One request at a time, for an exact bound of what is fetched ahead.
    let all = client(&server)
        .ticket_messages("1")
        .page_size(20)
        .concurrency(1)
        .collect_all()
        .await
        .unwrap();
    assert_eq!(all.len(), 30);
    // Pages 3 and 4 may have been asked for ahead of time, never more.
    let asked = pages_asked(&message_requests(&server).await);
    assert_eq!(asked[..2], ["1", "2"]);
    assert!(
        asked.len() <= 4,
        "at most two pages fetched ahead: {asked:?}"
    );
}

/// Every page answers the same messages (a server ignoring `page`).
struct SamePage(Vec<serde_json::Value>);

impl Respond for SamePage {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        ResponseTemplate::new(200).set_body_json(
            json!({"code": 0, "msg": "success", "data": {"messages": self.0, "total": 1000}}),
        )
    }
}

#[tokio::test]
async fn a_repeating_page_is_an_error_not_a_loop() {
    let server = server_with(SamePage(messages(20))).await;
    // One request at a time, for an exact bound of what is fetched ahead.
    let items: Vec<_> = client(&server)
        .ticket_messages("1")
        .page_size(20)
        .concurrency(1)
        .stream()
        .collect()
        .await;
    assert_eq!(items.len(), 21, "page 1, then the error");
    assert!(items[..20].iter().all(Result::is_ok));
    assert!(
        matches!(items[20], Err(Error::Pagination(_))),
        "{:?}",
        items[20]
    );
    // Pages 1 and 2, and perhaps pages 3 and 4 fetched ahead: never a loop.
    let sent = message_requests(&server).await.len();
    assert!((2..=4).contains(&sent), "{sent} requests");
}

/// Pages overlap by 5 messages (new messages pushed older ones down).
struct Overlapping(Vec<serde_json::Value>);

impl Respond for Overlapping {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let page: usize = query(request, "page").unwrap().parse().unwrap();
        let start = (page - 1) * 15;
        let slice: Vec<_> = self.0.iter().skip(start).take(20).cloned().collect();
        ResponseTemplate::new(200).set_body_json(
            json!({"code": 0, "msg": "success", "data": {"messages": slice, "total": 60}}),
        )
    }
}

#[tokio::test]
async fn a_message_id_is_never_yielded_twice() {
    let server = server_with(Overlapping(messages(60))).await;
    let all = client(&server)
        .ticket_messages("1")
        .page_size(20)
        .collect_all()
        .await
        .unwrap();
    // Pages 1-3 hold 1000-1019, 1015-1034, 1030-1049: each id once, in order.
    let ids: Vec<String> = all.iter().map(|m| m.id().to_owned()).collect();
    let expected: Vec<String> = (1000..1050).map(|i| i.to_string()).collect();
    assert_eq!(ids, expected);
}

/// Pages, with page 2's answer held back for a minute (the walk is dropped long before).
struct HoldPage2(Pages);

impl Respond for HoldPage2 {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let answer = self.0.respond(request);
        match query(request, "page").as_deref() {
            Some("2") => answer.set_delay(std::time::Duration::from_secs(60)),
            _ => answer,
        }
    }
}

#[tokio::test]
async fn concurrency_sends_requests_without_waiting_for_the_answers_before() {
    // Page 2 never answers: with four slots, pages 3-5 go out all the same. (That one
    // slot holds a walk to one request at a time is `paginate`'s unit test.)
    let server = server_with(HoldPage2(Pages::new(messages(1000)))).await;
    let mut pages = client(&server).ticket_messages("1").concurrency(4).pages();
    assert_eq!(pages.next().await.unwrap().unwrap().page, 1);
    let asked = requests_once(&server, 5).await;
    let mut asked: Vec<u32> = asked.iter().map(|p| p.parse().unwrap()).collect();
    asked.sort_unstable();
    assert_eq!(
        asked,
        [1, 2, 3, 4, 5],
        "pages 3-5 asked for while page 2 is out"
    );
}

#[tokio::test]
async fn concurrency_fetches_ahead_and_still_yields_in_order() {
    let pages = Pages::new(messages(2000)).with_delay(std::time::Duration::from_millis(50));
    let calls = pages.calls.clone();
    let server = server_with(pages).await;
    let all = client(&server)
        .ticket_messages("1")
        .concurrency(4)
        .collect_all()
        .await
        .unwrap();
    let ids: Vec<String> = all.iter().map(|m| m.id().to_owned()).collect();
    let expected: Vec<String> = (1000..3000).map(|i| i.to_string()).collect();
    assert_eq!(ids, expected);
    assert_eq!(
        calls.load(Ordering::SeqCst),
        10,
        "exactly the 10 pages, no extra"
    );
    let mut asked = pages_asked(&message_requests(&server).await);
    asked.sort_by_key(|p| p.parse::<u32>().unwrap());
    assert_eq!(asked, (1..=10).map(|p| p.to_string()).collect::<Vec<_>>());
}

#[tokio::test]
async fn an_error_ends_the_stream_after_what_came_before() {
    /// Page 2 fails for good.
    struct FailPage2(Pages);
    impl Respond for FailPage2 {
        fn respond(&self, request: &Request) -> ResponseTemplate {
            if query(request, "page").as_deref() == Some("2") {
                return error(400, 154000, "Bad request");
            }
            self.0.respond(request)
        }
    }
    let server = server_with(FailPage2(Pages::new(messages(500)))).await;
    let items: Vec<_> = client(&server)
        .ticket_messages("1")
        .concurrency(3)
        .stream()
        .collect()
        .await;
    assert_eq!(items.len(), 201);
    assert!(items[..200].iter().all(Result::is_ok));
    assert_eq!(items[200].as_ref().unwrap_err().code(), Some(154000));
}

#[tokio::test]
async fn starting_at_a_later_page_continues_from_there() {
    let server = server_with(Pages::new(messages(100))).await;
    let all = client(&server)
        .ticket_messages("1")
        .page(3)
        .page_size(20)
        .collect_all()
        .await
        .unwrap();
    assert_eq!(all.len(), 60);
    assert_eq!(all[0].id(), "1040");
    let mut asked = pages_asked(&message_requests(&server).await);
    asked.sort();
    assert_eq!(asked, ["3", "4", "5"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn pages_take_their_request_slots_in_page_order() {
    // Page tasks start in no set order on a multi-thread runtime; at concurrency 1 one
    // request is out at a time, so the order the server sees is the order of the slots.
    let server = server_with(Pages::new(messages(1000))).await;
    let all = client(&server)
        .ticket_messages("1")
        .page_size(10)
        .concurrency(1)
        .collect_all()
        .await
        .unwrap();
    assert_eq!(all.len(), 1000);
    let expected: Vec<String> = (1..=100).map(|p| p.to_string()).collect();
    assert_eq!(pages_asked(&message_requests(&server).await), expected);
}

#[tokio::test]
async fn a_walk_fetches_two_pages_ahead_of_an_idle_caller_and_no_more() {
    let server = server_with(Pages::new(messages(200))).await;
    let mut pages = client(&server)
        .ticket_messages("1")
        .page_size(10)
        .concurrency(1)
        .pages();
    let first = pages.next().await.unwrap().unwrap();
    assert_eq!(first.page, 1);
    // The caller holds page 1: pages 2 and 3 are fetched and decoded, page 4 is asked
    // for once page 3's answer is in (the one request slot is free again).
    assert_eq!(requests_once(&server, 4).await, ["1", "2", "3", "4"]);
    // Taking a page makes room for one more.
    assert_eq!(pages.next().await.unwrap().unwrap().page, 2);
    assert_eq!(requests_once(&server, 5).await.len(), 5);
    // Walked to the end, the walk asked for each of its 20 pages once: no page past the
    // last, none twice.
    let rest: Vec<_> = pages.collect().await;
    assert_eq!(rest.len(), 18);
    assert_eq!(
        pages_asked(&message_requests(&server).await),
        (1..=20).map(|p| p.to_string()).collect::<Vec<_>>()
    );
}

/// The pages asked for, once `n` requests came in (an event waited for, within ten
/// seconds).
async fn requests_once(server: &MockServer, n: usize) -> Vec<String> {
    use std::time::Duration;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while message_requests(server).await.len() < n {
        assert!(
            tokio::time::Instant::now() < deadline,
            "fewer than {n} requests came in"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    pages_asked(&message_requests(server).await)
}

#[tokio::test]
async fn by_default_the_limiter_lets_more_than_one_request_out() {
    // Page 2 never answers; the limiter starts at three requests in flight: pages 3 and
    // 4 go all the same (and, as they answer, the pages after them).
    let server = server_with(HoldPage2(Pages::new(messages(1000)))).await;
    let mut pages = client(&server).ticket_messages("1").pages();
    assert_eq!(pages.next().await.unwrap().unwrap().page, 1);
    let asked: Vec<u32> = requests_once(&server, 4)
        .await
        .iter()
        .map(|p| p.parse().unwrap())
        .collect();
    for page in [1, 2, 3, 4] {
        assert!(asked.contains(&page), "page {page} asked for: {asked:?}");
    }
}

/// Refuses the third request with the platform's rate-limit answer (limit 1000 a
/// window, reset now), answers pages otherwise.
struct RefuseThird(Pages, std::sync::atomic::AtomicUsize);

impl Respond for RefuseThird {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        if self.1.fetch_add(1, Ordering::SeqCst) == 2 {
            return error(429, 99991400, "request trigger frequency limit")
                .insert_header("x-ogw-ratelimit-limit", "1000")
                .insert_header("x-ogw-ratelimit-reset", "0");
        }
        self.0.respond(request)
    }
}

#[tokio::test]
async fn a_walk_rides_through_a_rate_limit_refusal() {
    let server = server_with(RefuseThird(Pages::new(messages(2000)), Default::default())).await;
    let all = client(&server)
        .ticket_messages("1")
        .collect_all()
        .await
        .unwrap();
    let ids: Vec<String> = all.iter().map(|m| m.id().to_owned()).collect();
    let expected: Vec<String> = (1000..3000).map(|i| i.to_string()).collect();
    assert_eq!(ids, expected, "every message once, in order");
    assert_eq!(
        message_requests(&server).await.len(),
        11,
        "ten pages and one refusal"
    );
}
