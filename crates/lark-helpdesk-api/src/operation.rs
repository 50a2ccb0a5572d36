//! What the spec says of each operation, as data: the types of the table that `cargo xtask
//! regen` writes into `operations.rs` (one [`Operation`] per operation of the spec, in
//! [`ops`](crate::ops)), and the [`Envelope`] trait it implements for every answer type.
//!
//! The SDK's one call path reads these facts (which token to send, whether a failed
//! write may be sent again, how a listing pages, whether the answer is a file) instead of
//! code written per operation.

/// The HTTP method of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `PATCH`
    Patch,
    /// `DELETE`
    Delete,
}

impl Method {
    /// The method as sent (`GET`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// A kind of access token an operation accepts (its `security` alternatives).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// The app's tenant access token (`t-...`).
    Tenant,
    /// A signed-in user's access token (`u-...`).
    User,
}

impl TokenKind {
    /// `tenant` or `user`.
    pub fn as_str(self) -> &'static str {
        match self {
            TokenKind::Tenant => "tenant",
            TokenKind::User => "user",
        }
    }
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Location {
    /// A segment of the path (`{ticket_id}`); always required.
    Path,
    /// The query string; an array repeats the key (`status=1&status=2`).
    Query,
}

/// The JSON type of a parameter's value (of each value, for an array).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ValueKind {
    /// Any text.
    String,
    /// A whole number (64-bit).
    Integer,
    /// A number.
    Number,
    /// `true` or `false`.
    Boolean,
}

/// One path or query parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parameter {
    /// Its name, as sent.
    pub name: &'static str,
    /// Path or query.
    pub location: Location,
    /// Whether the operation needs it.
    pub required: bool,
    /// The type of its value(s).
    pub kind: ValueKind,
    /// Whether it takes several values (the key is repeated).
    pub array: bool,
    /// The smallest value allowed (integers).
    pub minimum: Option<i64>,
    /// The largest value allowed (integers).
    pub maximum: Option<i64>,
    /// The spec's description.
    pub description: &'static str,
}

/// Whether an operation takes a JSON body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Body {
    /// No body.
    None,
    /// A body the caller may leave out.
    Optional,
    /// A body the operation needs.
    Required,
}

/// How a listing pages (`x-pagination`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pagination {
    /// Page numbers from 1, and the number of items the query selects.
    Page {
        /// The array field of `data` that holds a page's items.
        items: &'static str,
        /// The field of an item that identifies it ("" when none is declared).
        item_id: &'static str,
        /// The query parameter of the page number.
        page_param: &'static str,
        /// The query parameter of the page size.
        size_param: &'static str,
        /// The largest page size.
        size_max: u64,
        /// The page size when none is sent.
        size_default: u64,
        /// The field of `data` holding the number of items the query selects.
        total: &'static str,
    },
    /// An opaque token handed from one page to the next.
    Token {
        /// The array field of `data` that holds a page's items.
        items: &'static str,
        /// The field of an item that identifies it ("" when none is declared).
        item_id: &'static str,
        /// The query parameter that carries the token.
        token_param: &'static str,
        /// The field of `data` holding the next page's token.
        next_token: &'static str,
        /// The field of `data` saying whether more pages follow.
        has_more: &'static str,
        /// The query parameter of the page size.
        size_param: &'static str,
        /// The largest page size.
        size_max: u64,
        /// The page size when none is sent.
        size_default: u64,
    },
}

impl Pagination {
    /// The array field of `data` that holds a page's items.
    pub fn items(&self) -> &'static str {
        match self {
            Pagination::Page { items, .. } | Pagination::Token { items, .. } => items,
        }
    }

    /// The field of an item that identifies it ("" when none is declared).
    pub fn item_id(&self) -> &'static str {
        match self {
            Pagination::Page { item_id, .. } | Pagination::Token { item_id, .. } => item_id,
        }
    }

    /// The query parameter of the page size, and its largest value.
    pub fn size(&self) -> (&'static str, u64) {
        match self {
            Pagination::Page {
                size_param,
                size_max,
                ..
            }
            | Pagination::Token {
                size_param,
                size_max,
                ..
            } => (size_param, *size_max),
        }
    }
}

/// The documented rate limit of an operation (`x-rate-limit`); both `None` where the
/// documentation gives no number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RateLimit {
    /// Requests per second.
    pub per_second: Option<u32>,
    /// Requests per minute.
    pub per_minute: Option<u32>,
}

/// Everything the spec says of one operation that the generic machinery needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operation {
    /// The `operationId`, e.g. `list_faqs`.
    pub id: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The path template, e.g. `/open-apis/helpdesk/v1/faqs/{id}`.
    pub path: &'static str,
    /// The spec's one-line summary.
    pub summary: &'static str,
    /// The access tokens it accepts, preferred first; empty for the token endpoint.
    pub tokens: &'static [TokenKind],
    /// Its path and query parameters.
    pub parameters: &'static [Parameter],
    /// Whether it takes a JSON body.
    pub body: Body,
    /// How it pages, for a listing that does.
    pub pagination: Option<Pagination>,
    /// Whether sending it twice leaves the same state as sending it once: every `GET`,
    /// and the writes the spec marks `x-idempotent: true`.
    pub idempotent: bool,
    /// Whether a success answers a file (bytes) instead of the JSON envelope.
    pub binary: bool,
    /// Its documented rate limit.
    pub rate_limit: RateLimit,
    /// What an export keeps of it (`x-export`), if anything.
    pub export: Option<Export>,
}

/// What `lark-helpdesk export` keeps of an operation (the spec's `x-export`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Export {
    /// The part of an export it fills (`faqs`): the name `--only` and `--skip` take, its
    /// file and its database table.
    pub part: &'static str,
    /// The listing whose items name what it fetches (a download's files, a listing's
    /// parent items), if any.
    pub of: Option<&'static str>,
    /// The query of each listing made, as (parameter, value) pairs (a key repeated for an
    /// array); empty: one listing without parameters.
    pub calls: &'static [&'static [(&'static str, &'static str)]],
    /// The field of `data` holding the items, when neither the pagination nor the
    /// collection (`x-resource`) says ("" otherwise).
    pub items: &'static str,
    /// The field naming an item, a dotted path, when neither the pagination nor the
    /// collection says ("" otherwise).
    pub item_id: &'static str,
    /// For an object of `data` read as one item per entry: the names of the entry's key
    /// and value in the item.
    pub entries: Option<(&'static str, &'static str)>,
}

impl Operation {
    /// The parameter named `name`.
    pub fn parameter(&self, name: &str) -> Option<&'static Parameter> {
        self.parameters.iter().find(|p| p.name == name)
    }

    /// Whether it accepts a token of `kind`.
    pub fn accepts(&self, kind: TokenKind) -> bool {
        self.tokens.contains(&kind)
    }
}

/// The parts an export has (the `part` of every `x-export`), in the spec's order, each
/// once.
pub fn export_parts() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for op in crate::ops::ALL {
        if let Some(export) = op.export
            && !out.contains(&export.part)
        {
            out.push(export.part);
        }
    }
    out
}

/// The operation whose id is `id`.
pub fn find(id: &str) -> Option<&'static Operation> {
    crate::ops::ALL.iter().copied().find(|op| op.id == id)
}

/// The platform's envelope of a JSON answer: `code` (0 for success), `msg`, and the log
/// id some error bodies carry. Implemented by `cargo xtask regen` for the answer type of
/// every operation.
pub trait Envelope {
    /// The platform's code.
    fn code(&self) -> i64;
    /// The platform's message.
    fn msg(&self) -> Option<&str>;
    /// The log id the body carries, if any.
    fn body_log_id(&self) -> Option<&str> {
        None
    }
}
