//! The synthetic ticket: its messages, generated once with a fixed seed, serialized
//! [`PAGE_SIZE`] to a page into the platform's envelope
//! `{"code":0,"msg":"success","data":{"messages":[...],"total":N}}`, each page once, so
//! that the server only ever writes prebuilt bytes.

use lark_helpdesk_api::types::{TicketMessage, TicketMessagesData, TicketMessagesResponse};

/// Messages per page: the API's maximum, and what the CLI asks for with `--all`.
pub(super) const PAGE_SIZE: usize = 200;
/// The ticket the server holds (any other ticket gets a 404).
pub(super) const TICKET_ID: &str = "7000000000000000001";
/// The seed of the synthetic messages (fixed, so every run serves the same bytes).
const SEED: u64 = 0x00be_7c11;

/// The path of the ticket's messages.
pub(super) fn messages_path() -> String {
    format!("/open-apis/helpdesk/v1/tickets/{TICKET_ID}/messages")
}

/// The serialized pages of one synthetic ticket.
#[derive(Debug)]
pub(super) struct Pages {
    /// Page `p` (from 1) is `bodies[p - 1]`.
    bodies: Vec<Vec<u8>>,
    /// The envelope of a page past the end: no messages, the same total.
    empty: Vec<u8>,
    /// The number of messages of the ticket.
    messages: usize,
}

impl Pages {
    /// Generates `messages` synthetic messages and serializes them, [`PAGE_SIZE`] to a
    /// page, each page once.
    pub(super) fn generate(messages: usize) -> Self {
        let all = lark_helpdesk_mock::generate_messages(messages, SEED);
        let total = i64::try_from(messages).expect("a ticket size fits in i64");
        let envelope = |page: &[TicketMessage]| {
            serde_json::to_vec(&TicketMessagesResponse {
                code: 0,
                msg: Some("success".into()),
                data: Some(TicketMessagesData {
                    messages: Some(page.to_vec()),
                    total: Some(total),
                }),
                error: None,
            })
            .expect("generated messages serialize")
        };
        Pages {
            bodies: all.chunks(PAGE_SIZE).map(envelope).collect(),
            empty: envelope(&[]),
            messages,
        }
    }

    /// The body of page `page` (from 1): the empty envelope past the end.
    pub(super) fn page(&self, page: usize) -> &[u8] {
        page.checked_sub(1)
            .and_then(|i| self.bodies.get(i))
            .map_or(&self.empty, Vec::as_slice)
    }

    /// The number of pages holding messages.
    pub(super) fn count(&self) -> usize {
        self.bodies.len()
    }

    /// The number of messages of the ticket.
    pub(super) fn messages(&self) -> usize {
        self.messages
    }

    /// The bytes of every page holding messages.
    pub(super) fn total_bytes(&self) -> u64 {
        self.bodies.iter().map(|b| b.len() as u64).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_envelopes_of_page_size_messages() {
        let pages = Pages::generate(250);
        assert_eq!(pages.count(), 2);
        assert_eq!(pages.page(1), pages.bodies[0]);
        assert_eq!(pages.page(2), pages.bodies[1]);
        assert_eq!(pages.page(3), pages.empty);
        assert_eq!(pages.page(0), pages.empty);

        let page: serde_json::Value = serde_json::from_slice(&pages.bodies[1]).unwrap();
        assert_eq!(page["code"], 0);
        assert_eq!(page["data"]["total"], 250);
        assert_eq!(page["data"]["messages"].as_array().map(Vec::len), Some(50));
        let empty: serde_json::Value = serde_json::from_slice(&pages.empty).unwrap();
        assert_eq!(empty["data"]["messages"], serde_json::json!([]));
    }
}
