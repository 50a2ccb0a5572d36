//! Tickets against the fake server: filters as sent, one ticket, and every ticket of a
//! query across the platform's cap of 10,000 results.

use std::collections::HashSet;

use lark_helpdesk::{Channel, Client, Error, LIST_TICKETS_CAP, TicketStatus, TicketType};
use lark_helpdesk_mock::{FIRST_SYNTHETIC_TICKET_ID, MockHelpdesk};

fn client(mock: &MockHelpdesk) -> Client {
    let c = mock.credentials();
    Client::builder()
        .base_url(mock.uri())
        .app_credentials(&c.app_id, &c.app_secret)
        .helpdesk_credential(&c.helpdesk_id, &c.helpdesk_token)
        .build()
        .expect("client")
}

async fn ticket_queries(mock: &MockHelpdesk) -> Vec<Vec<(String, String)>> {
    mock.received_requests()
        .await
        .into_iter()
        .filter(|r| r.url.path() == "/open-apis/helpdesk/v1/tickets")
        .map(|r| r.url.query_pairs().into_owned().collect())
        .collect()
}

fn ms(ms: i64) -> jiff::Timestamp {
    jiff::Timestamp::from_millisecond(ms).unwrap()
}

#[tokio::test]
async fn filters_reach_the_request_as_the_go_sdk_sends_them() {
    let mock = MockHelpdesk::builder()
        .synthetic_helpdesk(50)
        .start()
        .await
        .unwrap();
    let page = client(&mock)
        .tickets()
        .status(TicketStatus::InProgress)
        .status(TicketStatus::ClosedByAgent)
        .tag("billing")
        .tag("bug")
        .channel(Channel::OpenApi)
        .ticket_type(TicketType::Human)
        .solved(true)
        .agent_id("ou_agent_0001")
        .guest_id("ou_guest_0001")
        .created_since(ms(1_780_272_000_000))
        .created_until(ms(1_790_000_000_000))
        .page_size(50)
        .send()
        .await
        .expect("page");
    for t in &page.tickets {
        assert!(matches!(
            t.status(),
            Some(TicketStatus::InProgress | TicketStatus::ClosedByAgent)
        ));
        assert_eq!(t.channel(), Some(Channel::OpenApi));
    }
    let queries = ticket_queries(&mock).await;
    let mut sent = queries[0].clone();
    sent.sort();
    let mut expected: Vec<(String, String)> = [
        ("agent_id", "ou_agent_0001"),
        ("channel", "9"),
        ("create_time_end", "1790000000000"),
        ("create_time_start", "1780272000000"),
        ("guest_id", "ou_guest_0001"),
        ("page", "1"),
        ("page_size", "50"),
        ("solved", "2"),
        ("status_list", "2"),
        ("status_list", "51"),
        ("tags", "billing"),
        ("tags", "bug"),
        ("type", "2"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    expected.sort();
    assert_eq!(sent, expected);
}

#[tokio::test]
async fn a_window_missing_an_end_is_sent_whole_and_reversed_ones_are_refused() {
    let mock = MockHelpdesk::builder()
        .synthetic_helpdesk(5)
        .start()
        .await
        .unwrap();
    let client = client(&mock);
    let before = jiff::Timestamp::now().as_millisecond();
    client
        .tickets()
        .updated_since(ms(1_000))
        .send()
        .await
        .expect("page");
    client
        .tickets()
        .created_until(ms(2_000))
        .send()
        .await
        .expect("page");
    let queries = ticket_queries(&mock).await;
    let get = |q: &[(String, String)], k: &str| {
        q.iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.parse::<i64>().unwrap())
    };
    assert_eq!(get(&queries[0], "update_time_start"), Some(1_000));
    assert!(
        get(&queries[0], "update_time_end").unwrap() >= before,
        "until now"
    );
    assert_eq!(
        get(&queries[1], "create_time_start"),
        Some(0),
        "from the epoch"
    );
    assert_eq!(get(&queries[1], "create_time_end"), Some(2_000));
    let reversed = client
        .tickets()
        .created_since(ms(5_000))
        .created_until(ms(4_000))
        .send()
        .await;
    assert!(
        matches!(reversed, Err(Error::InvalidInput { .. })),
        "{reversed:?}"
    );
    assert_eq!(ticket_queries(&mock).await.len(), 2, "nothing sent");
}

#[tokio::test]
async fn one_ticket_and_an_unknown_one() {
    let mock = MockHelpdesk::builder()
        .synthetic_helpdesk(5)
        .start()
        .await
        .unwrap();
    let client = client(&mock);
    let id = (FIRST_SYNTHETIC_TICKET_ID + 2).to_string();
    let ticket = client.ticket(&id).send().await.expect("ticket");
    assert_eq!(ticket.ticket_id(), id);
    let raw: serde_json::Value = serde_json::from_str(ticket.raw_json()).unwrap();
    assert_eq!(raw["ticket_id"], id.as_str());
    let unknown = client.ticket("1").send().await.unwrap_err();
    assert_eq!(unknown.code(), Some(154000));
}

/// Every ticket of a helpdesk past the cap, once each, in creation order.
async fn walk_past_the_cap(capped_total: bool) {
    let n = 12_345;
    let mock = MockHelpdesk::builder()
        .synthetic_helpdesk(n)
        .report_capped_total(capped_total)
        .record_requests(true)
        .start()
        .await
        .unwrap();
    let tickets = client(&mock)
        .tickets()
        .concurrency(4)
        .collect_all()
        .await
        .expect("tickets");
    assert_eq!(tickets.len(), n);
    let ids: HashSet<&str> = tickets.iter().map(|t| t.ticket_id()).collect();
    assert_eq!(ids.len(), n, "no ticket twice");
    assert!(
        tickets
            .windows(2)
            .all(|w| w[0].created_at() <= w[1].created_at()),
        "in creation order"
    );
    // No page past the cap was ever asked for.
    for query in ticket_queries(&mock).await {
        let get = |k: &str| {
            query
                .iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.parse::<u64>().unwrap())
        };
        let (page, size) = (get("page").unwrap_or(1), get("page_size").unwrap_or(20));
        assert!(page * size <= LIST_TICKETS_CAP, "{query:?}");
    }
}

#[tokio::test]
async fn a_query_past_the_cap_is_split_by_time_reporting_the_true_total() {
    walk_past_the_cap(false).await;
}

#[tokio::test]
async fn a_query_past_the_cap_is_split_by_time_reporting_a_capped_total() {
    walk_past_the_cap(true).await;
}
