//! A digest of a helpdesk: how many tickets in each status, how many messages, and the
//! busiest ticket. An example of a crate built on `lark-helpdesk`; its tests run against
//! `lark-helpdesk-mock` (see `tests/digest.rs`).

use std::collections::BTreeMap;

use futures::TryStreamExt;
use lark_helpdesk::{Client, Error, TicketStatus};

/// What [`digest`] found.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Digest {
    /// The number of tickets of each status, by the status's name.
    pub by_status: BTreeMap<String, u64>,
    /// The number of messages of all tickets.
    pub messages: u64,
    /// The ticket with the most messages, and how many (the first one on a tie).
    pub busiest: Option<(String, u64)>,
}

/// The digest of every ticket of the helpdesk `client` reaches, in the given statuses
/// (all when empty).
///
/// # Errors
///
/// Those of the SDK, once its retries are spent.
pub async fn digest(client: &Client, statuses: &[TicketStatus]) -> Result<Digest, Error> {
    let mut request = client.tickets();
    for status in statuses {
        request = request.status(*status);
    }
    let mut tickets = request.stream();
    let mut digest = Digest::default();
    while let Some(ticket) = tickets.try_next().await? {
        let status = ticket
            .status()
            .map_or_else(|| "none".into(), TicketStatus::name);
        *digest.by_status.entry(status).or_default() += 1;
        let mut messages = client.ticket_messages(ticket.ticket_id()).stream();
        let mut count = 0;
        while messages.try_next().await?.is_some() {
            count += 1;
        }
        digest.messages += count;
        if digest
            .busiest
            .as_ref()
            .is_none_or(|(_, most)| count > *most)
        {
            digest.busiest = Some((ticket.ticket_id().to_owned(), count));
        }
    }
    Ok(digest)
}
