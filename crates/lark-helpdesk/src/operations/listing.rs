//! Every item of a listing, as its `x-pagination` says it pages: page numbers through the
//! shared page walk ([`crate::paginate`]: pages fetched ahead, in order, stopping at
//! `total` or a short page), or page tokens one page after the other (stopping when
//! `has_more` is false, refusing a missing or repeated token instead of looping). Either
//! way an item whose id was yielded before is left out.

use std::collections::HashSet;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use futures::stream::{self, Stream, StreamExt};
use lark_helpdesk_api::Pagination;
use serde_json::Value;

use super::{OperationRequest, Prepared};
use crate::error::{DecodeError, Error, PaginationError, PaginationErrorKind};
use crate::paginate::{self, Batch, PageSlot, Walk};

/// Every item of a listing; from [`OperationRequest::stream`]. Ends after the first error.
pub struct ItemStream(Pin<Box<dyn Stream<Item = Result<Value, Error>> + Send>>);

impl std::fmt::Debug for ItemStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ItemStream(..)")
    }
}

impl Stream for ItemStream {
    type Item = Result<Value, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.0.as_mut().poll_next(cx)
    }
}

impl OperationRequest {
    /// Every item of the listing, page after page, each once: the spec's `x-pagination`
    /// says how it pages and where the items are. Pages are as large as the operation
    /// allows unless the page size was given. An operation that does not page yields the
    /// items of its one answer (the array its `data` holds, if it holds exactly one).
    pub fn stream(self) -> ItemStream {
        let failed = |e: Error| ItemStream(Box::pin(stream::iter([Err(e)])));
        let prepared = match self.prepare() {
            Ok(p) => p,
            Err(e) => return failed(e),
        };
        match self.operation.pagination {
            None => ItemStream(Box::pin(
                stream::once(async move {
                    let reply = self.exchange(&prepared, None, None).await?;
                    one_array(self.operation.id, reply.data)
                })
                .map(|r| match r {
                    Ok(items) => stream::iter(items.into_iter().map(Ok)).left_stream(),
                    Err(e) => stream::iter([Err(e)]).right_stream(),
                })
                .flatten(),
            )),
            Some(Pagination::Page {
                items,
                item_id,
                page_param,
                size_param,
                size_max,
                total,
                ..
            }) => {
                let page_size = given(&prepared, size_param).unwrap_or(size_max);
                let first = given(&prepared, page_param).unwrap_or(1).max(1);
                let concurrency = self.concurrency;
                let walk = Arc::new(PageWalk {
                    request: self,
                    prepared,
                    items,
                    item_id,
                    page_param,
                    size_param,
                    total,
                    page_size,
                });
                ItemStream(Box::pin(
                    paginate::pages(walk, first, concurrency)
                        .map(|page| match page {
                            Ok(batch) => stream::iter(batch.items.into_iter().map(|(_, v)| Ok(v)))
                                .left_stream(),
                            Err(e) => stream::iter([Err(e)]).right_stream(),
                        })
                        .flatten(),
                ))
            }
            Some(Pagination::Token {
                items,
                item_id,
                token_param,
                next_token,
                has_more,
                size_param,
                size_max,
                ..
            }) => {
                let size = given(&prepared, size_param).unwrap_or(size_max);
                let prepared = prepared.with(size_param, size.to_string());
                // A token the caller starts from is one the walk has used.
                let tokens = prepared
                    .query
                    .iter()
                    .filter(|(n, _)| *n == token_param)
                    .map(|(_, v)| v.clone())
                    .collect();
                token_walk(TokenWalk {
                    request: self,
                    prepared,
                    items,
                    item_id,
                    token_param,
                    next_token,
                    has_more,
                    next: Some(None),
                    tokens,
                    seen: HashSet::new(),
                    page: 0,
                    failed: None,
                })
            }
        }
    }
}

/// The value given for a numeric query parameter, if any.
fn given(prepared: &Prepared, name: &str) -> Option<u64> {
    prepared
        .query
        .iter()
        .find(|(n, _)| *n == name)
        .and_then(|(_, v)| v.parse().ok())
}

/// The items of an answer that does not page: the one array its `data` holds.
fn one_array(operation: &'static str, data: Value) -> Result<Vec<Value>, Error> {
    let Value::Object(map) = data else {
        return Ok(Vec::new());
    };
    let mut arrays = map.into_iter().filter(|(_, v)| v.is_array());
    match (arrays.next(), arrays.next()) {
        (Some((_, Value::Array(items))), None) => Ok(items),
        (None, _) => Ok(Vec::new()),
        _ => Err(Error::invalid(
            "operation",
            format!("{operation} answers several lists: send it and read `data` instead"),
        )),
    }
}

/// The id of `item` (its `item_id` field as text; "" when absent: never left out).
fn id_of(item: &Value, field: &str) -> String {
    match item.get(field) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// The items array of a page's `data`; a missing or null array is an empty page.
fn items_of(
    operation: &'static str,
    data: &mut Value,
    field: &str,
    log_id: &Option<String>,
) -> Result<Vec<Value>, Error> {
    match data.get_mut(field).map(Value::take) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => Ok(items),
        Some(_) => Err(DecodeError::of_page(
            operation,
            log_id.clone(),
            format!("`data.{field}` is not an array"),
        )),
    }
}

/// A page-number listing, walked by [`paginate::pages`].
struct PageWalk {
    request: OperationRequest,
    prepared: Prepared,
    items: &'static str,
    item_id: &'static str,
    page_param: &'static str,
    size_param: &'static str,
    total: &'static str,
    page_size: u64,
}

impl Walk for PageWalk {
    type Item = (String, Value);

    async fn fetch(self: Arc<Self>, page: u64, slot: PageSlot) -> Result<Batch<Self::Item>, Error> {
        let (items, item_id, total) = (self.items, self.item_id, self.total);
        let prepared = self
            .prepared
            .with(self.page_param, page.to_string())
            .with(self.size_param, self.page_size.to_string());
        let operation = self.request.operation.id;
        let mut reply = self
            .request
            .exchange(&prepared, Some(&slot), Some(page))
            .await?;
        let list = items_of(operation, &mut reply.data, items, &reply.log_id)?;
        let total = match reply.data.get(total) {
            None | Some(Value::Null) => None,
            Some(t) => Some(t.as_u64().ok_or_else(|| {
                DecodeError::of_page(
                    operation,
                    reply.log_id.clone(),
                    format!("`data.{total}` is not a count: {t}"),
                )
            })?),
        };
        Ok(Batch {
            received: list.len(),
            items: list.into_iter().map(|v| (id_of(&v, item_id), v)).collect(),
            total,
            page,
            page_size: self.page_size,
            log_id: reply.log_id,
        })
    }

    fn id(item: &Self::Item) -> &str {
        &item.0
    }

    fn describe(&self) -> String {
        self.request.operation.id.to_string()
    }
}

/// State of a page-token walk.
struct TokenWalk {
    request: OperationRequest,
    prepared: Prepared,
    items: &'static str,
    item_id: &'static str,
    token_param: &'static str,
    next_token: &'static str,
    has_more: &'static str,
    /// The token of the next page (`None` for the first), or the walk is over.
    next: Option<Option<String>>,
    tokens: HashSet<String>,
    seen: HashSet<String>,
    page: u64,
    /// The error that ends the walk after the page just yielded.
    failed: Option<Error>,
}

fn token_walk(walk: TokenWalk) -> ItemStream {
    let pages = stream::unfold(walk, |mut walk| async move {
        if let Some(error) = walk.failed.take() {
            return Some((Err(error), walk));
        }
        let token = walk.next.take()?;
        let page = walk.page_after(token).await;
        Some((page, walk))
    });
    ItemStream(Box::pin(
        pages
            .map(|page| match page {
                Ok(items) => stream::iter(items.into_iter().map(Ok)).left_stream(),
                Err(e) => stream::iter([Err(e)]).right_stream(),
            })
            .flatten(),
    ))
}

impl TokenWalk {
    /// Fetches the page of `token` and sets the next one; its items not yielded before.
    async fn page_after(&mut self, token: Option<String>) -> Result<Vec<Value>, Error> {
        let (items, item_id, next_token, has_more) =
            (self.items, self.item_id, self.next_token, self.has_more);
        self.page += 1;
        let prepared = match token {
            Some(token) => self.prepared.with(self.token_param, token),
            None => self.prepared.clone(),
        };
        let operation = self.request.operation.id;
        let mut reply = self
            .request
            .exchange(&prepared, None, Some(self.page))
            .await?;
        let list = items_of(operation, &mut reply.data, items, &reply.log_id)?;
        let more = reply.data.get(has_more).and_then(Value::as_bool) == Some(true);
        if more {
            let token = reply
                .data
                .get(next_token)
                .and_then(Value::as_str)
                .filter(|t| !t.is_empty())
                .map(str::to_owned);
            match token {
                Some(t) if self.tokens.insert(t.clone()) => self.next = Some(Some(t)),
                // This page's items still come, then the error that ends the walk.
                _ => {
                    self.failed = Some(Error::Pagination(PaginationError {
                        walk: operation.to_string(),
                        page: self.page,
                        kind: PaginationErrorKind::BadPageToken,
                    }))
                }
            }
        }
        Ok(list
            .into_iter()
            .filter(|item| {
                let id = id_of(item, item_id);
                id.is_empty() || self.seen.insert(id)
            })
            .collect())
    }
}
