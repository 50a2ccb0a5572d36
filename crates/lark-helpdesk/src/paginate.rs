//! Walking every page of a ticket as a stream of messages.

use std::collections::HashSet;

use futures::stream::{FuturesOrdered, Stream, StreamExt, TryStreamExt};

use crate::client::Client;
use crate::credentials::BoxFuture;
use crate::error::Error;
use crate::message::Message;
use crate::request::{Page, Query, fetch_page};

/// The stream behind [`crate::TicketMessagesRequest::pages`].
pub(crate) fn pages(
    client: Client,
    query: Result<Query, Error>,
    concurrency: usize,
) -> impl Stream<Item = Result<Page, Error>> + Send + 'static {
    let state = match query {
        Ok(query) => Pager::new(client, query, concurrency),
        Err(e) => Pager::failed(client, e),
    };
    futures::stream::unfold(state, |mut pager| async move {
        let item = pager.next().await?;
        Some((item, pager))
    })
}

/// The stream behind [`crate::TicketMessagesRequest::stream`]: the pages, flattened.
pub(crate) fn messages(
    client: Client,
    query: Result<Query, Error>,
    concurrency: usize,
) -> impl Stream<Item = Result<Message, Error>> + Send + 'static {
    pages(client, query, concurrency)
        .map_ok(|page| futures::stream::iter(page.messages.into_iter().map(Ok)))
        .try_flatten()
}

/// Message ids already yielded: numeric ids (the platform's) as integers, others as text.
#[derive(Default)]
struct Seen {
    numeric: HashSet<u64>,
    text: HashSet<String>,
}

impl Seen {
    /// Records `id`; false if it was seen before. Messages without an id always pass.
    fn insert(&mut self, id: &str) -> bool {
        if id.is_empty() {
            return true;
        }
        match id.parse::<u64>() {
            Ok(n) if !id.starts_with('0') || id == "0" => self.numeric.insert(n),
            _ => self.text.insert(id.to_owned()),
        }
    }
}

struct Pager {
    client: Client,
    query: Query,
    concurrency: usize,
    /// The next page number to request.
    next_page: u64,
    /// The last page `total` implies, once known.
    last_page: Option<u64>,
    in_flight: FuturesOrdered<BoxFuture<'static, Result<Page, Error>>>,
    seen: Seen,
    /// No page is to be requested any more (a short, empty or last page came back).
    exhausted: bool,
    /// An error to yield once the current page is out.
    error: Option<Error>,
    /// `(first id, last id, length)` of the previous page, to catch a repeating page.
    previous: Option<(String, String, usize)>,
}

impl Pager {
    fn new(client: Client, query: Query, concurrency: usize) -> Self {
        Pager {
            next_page: query.page,
            client,
            query,
            concurrency: concurrency.max(1),
            last_page: None,
            in_flight: FuturesOrdered::new(),
            seen: Seen::default(),
            exhausted: false,
            error: None,
            previous: None,
        }
    }

    fn failed(client: Client, error: Error) -> Self {
        let query = Query {
            ticket_id: String::new(),
            page: 1,
            page_size: 1,
            time_start: None,
            time_end: None,
            timeout: client.default_timeout(),
        };
        let mut pager = Pager::new(client, query, 1);
        pager.exhausted = true;
        pager.error = Some(error);
        pager
    }

    async fn next(&mut self) -> Option<Result<Page, Error>> {
        if let Some(error) = self.error.take() {
            self.exhausted = true;
            self.in_flight = FuturesOrdered::new();
            return Some(Err(error));
        }
        self.schedule();
        match self.in_flight.next().await? {
            Ok(page) => Some(self.accept(page)),
            Err(error) => {
                self.exhausted = true;
                self.in_flight = FuturesOrdered::new();
                Some(Err(error))
            }
        }
    }

    /// Keeps up to `concurrency` pages in flight once `total` is known; one before.
    fn schedule(&mut self) {
        if self.exhausted {
            return;
        }
        let limit = if self.last_page.is_some() {
            self.concurrency
        } else {
            1
        };
        while self.in_flight.len() < limit
            && self.last_page.is_none_or(|last| self.next_page <= last)
        {
            let client = self.client.clone();
            let mut query = self.query.clone();
            query.page = self.next_page;
            self.in_flight
                .push_back(Box::pin(async move { fetch_page(&client, &query).await }));
            self.next_page += 1;
        }
    }

    /// Checks a page against the ones before it; the page comes back without the
    /// messages already yielded, or as the error that ends the walk.
    fn accept(&mut self, mut page: Page) -> Result<Page, Error> {
        if let (Some(first), Some(last)) = (page.messages.first(), page.messages.last()) {
            let fingerprint = (first.id.clone(), last.id.clone(), page.messages.len());
            if self.previous.as_ref() == Some(&fingerprint) {
                self.exhausted = true;
                self.in_flight = FuturesOrdered::new();
                return Err(Error::Pagination(format!(
                    "page {} of ticket {} repeats the page before it; stopping instead of looping",
                    page.page, self.query.ticket_id
                )));
            }
            self.previous = Some(fingerprint);
        }
        if let Some(total) = page.total {
            self.last_page = Some(total.div_ceil(page.page_size).max(page.page));
        }
        if page.is_last() {
            self.exhausted = true;
            self.in_flight = FuturesOrdered::new();
        }
        page.messages.retain(|m| self.seen.insert(&m.id));
        Ok(page)
    }
}

#[cfg(test)]
mod tests {
    use super::Seen;

    #[test]
    fn seen_ids_are_exact() {
        let mut seen = Seen::default();
        assert!(seen.insert("6948728206392295444"));
        assert!(!seen.insert("6948728206392295444"));
        assert!(
            seen.insert("06948728206392295444"),
            "a leading zero is another id"
        );
        assert!(!seen.insert("06948728206392295444"));
        assert!(seen.insert("abc") && !seen.insert("abc"));
        assert!(seen.insert("") && seen.insert(""), "no id, no dedup");
    }
}
