//! The digest against the fake server: the client wired to it in one line.

use helpdesk_digest::digest;
use lark_helpdesk::{Client, TicketStatus};
use lark_helpdesk_mock::{Fault, FaultScope, MockHelpdesk};

/// A fake helpdesk of 25 tickets, and a client of it: the one line a test needs.
async fn helpdesk() -> (MockHelpdesk, Client) {
    let mock = MockHelpdesk::builder()
        .synthetic_helpdesk(25)
        .start()
        .await
        .unwrap();
    let client = Client::builder()
        .from_lookup(|name| mock.env_var(name))
        .build()
        .unwrap();
    (mock, client)
}

#[tokio::test]
async fn the_digest_counts_every_ticket_and_message_of_the_helpdesk() {
    let (_mock, client) = helpdesk().await;

    let got = digest(&client, &[]).await.unwrap();

    // What the mock holds, read from its data rather than through the SDK.
    let helpdesk = lark_helpdesk_mock::synthetic_helpdesk(25);
    let messages: usize = helpdesk.iter().map(|(_, m)| m.len()).sum();
    assert_eq!(got.messages, messages as u64);
    assert_eq!(got.by_status.values().sum::<u64>(), 25);
    let most = helpdesk.iter().map(|(_, m)| m.len()).max().unwrap();
    assert_eq!(got.busiest.map(|(_, n)| n), Some(most as u64));
}

#[tokio::test]
async fn the_digest_rides_through_rate_limits_and_filters_by_status() {
    let (mock, client) = helpdesk().await;
    mock.inject(
        FaultScope::NextRequests(2),
        Fault::RateLimited { reset_secs: 0 },
    );

    let got = digest(&client, &[TicketStatus::InProgress]).await.unwrap();

    let in_progress = lark_helpdesk_mock::synthetic_helpdesk(25)
        .iter()
        .filter(|(t, _)| t.status == Some(2))
        .count();
    assert!(in_progress > 0);
    assert_eq!(got.by_status.len(), 1);
    assert_eq!(got.by_status.values().sum::<u64>(), in_progress as u64);
}
