//! Faults the fake server can be told to inject.

use std::time::Duration;

/// A failure the fake server answers a helpdesk operation with (every operation of the
/// spec but the token endpoint), instead of (or, for [`Fault::Delay`], before) its
/// normal answer; or a refresh of a user sign-in, with
/// [`FaultScope::Operation`]`(`[`OAUTH_REFRESH_OPERATION`]`)` (which says what each
/// fault does there).
///
/// [`OAUTH_REFRESH_OPERATION`]: crate::OAUTH_REFRESH_OPERATION
///
/// Faults are applied before any authentication or validation: a faulted request fails
/// the same way whatever it carries. Every answer that is sent carries an `X-Tt-Logid`
/// header.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// HTTP 429 with the spec's 429 example body (`99991400`) and the headers
    /// `x-ogw-ratelimit-limit` ([`RATE_LIMIT_LIMIT`]) and
    /// `x-ogw-ratelimit-reset: <reset_secs>`.
    ///
    /// [`RATE_LIMIT_LIMIT`]: crate::RATE_LIMIT_LIMIT
    RateLimited {
        /// The value of `x-ogw-ratelimit-reset`: seconds until the window resets.
        reset_secs: u64,
    },
    /// `{"code":99991663,...}` (tenant token invalid or expired) at `http_status`: the
    /// platform has been seen sending it at 400 and at 200. A status outside
    /// `200..=599` is answered as 400.
    TokenExpired {
        /// The HTTP status of the answer.
        http_status: u16,
    },
    /// HTTP 500 with the spec's 500 example body (`155000`).
    Internal,
    /// HTTP 403 with the spec's 403 example body (`154003`): the app lacks the scope or
    /// the helpdesk role the operation needs.
    Forbidden,
    /// HTTP 404 with the spec's 404 example body (`154004`): what the request names does
    /// not exist.
    NotFound,
    /// HTTP 502 with an HTML body (`text/html`), as a gateway in front of the API sends.
    GatewayHtml502,
    /// HTTP 200, `Content-Type: application/json`, with the first half of a success
    /// body: a valid HTTP answer whose body is not valid JSON.
    ///
    /// The body is the page the request would get without the fault (authentication
    /// is not checked), or the spec's 200 example when the request has no such page.
    TruncatedBody,
    /// The normal answer, sent after the delay.
    Delay(Duration),
    /// The connection is closed without any HTTP answer: clients see a transport
    /// error (reqwest: "connection closed before message completed").
    ///
    /// Implemented with wiremock's `respond_with_err`, which makes the HTTP server drop
    /// the connection.
    ConnectionError,
    /// The request is served as without the fault (credentials and body checked, a
    /// write applied to the server's state), then the connection is closed without
    /// any answer: the client cannot tell whether its write happened, and a retry of a
    /// create makes a second item. For reads it is [`Fault::ConnectionError`].
    DropAfterApplying,
}

/// Which requests a [`Fault`] applies to (requests to the helpdesk operations; the tenant
/// token endpoint never gets a fault, the user token endpoint's refresh grant only through
/// [`FaultScope::Operation`]`(`[`OAUTH_REFRESH_OPERATION`]`)`).
///
/// [`OAUTH_REFRESH_OPERATION`]: crate::OAUTH_REFRESH_OPERATION
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FaultScope {
    /// The next N requests (whatever their operation and ticket) that this fault is
    /// applied to; then the fault is dropped. `NextRequests(0)` does nothing.
    NextRequests(usize),
    /// Every request for this ticket id (the `ticket_id` path parameter of any
    /// operation, or its `ticket_id` query parameter), until [`clear_faults`].
    ///
    /// [`clear_faults`]: crate::MockHelpdesk::clear_faults
    Ticket(String),
    /// Every request to the operation of this id (e.g. `"list_ticket_messages"`), until
    /// [`clear_faults`]. [`OAUTH_REFRESH_OPERATION`] (`"oauth_refresh"`) selects the
    /// refresh grants of the user token endpoint, which no other scope selects.
    ///
    /// [`OAUTH_REFRESH_OPERATION`]: crate::OAUTH_REFRESH_OPERATION
    ///
    /// [`clear_faults`]: crate::MockHelpdesk::clear_faults
    Operation(String),
    /// Every request, until [`clear_faults`].
    ///
    /// [`clear_faults`]: crate::MockHelpdesk::clear_faults
    AllRequests,
}

/// An injected fault and what is left of its scope.
#[derive(Debug, Clone)]
pub(crate) struct ActiveFault {
    pub scope: FaultScope,
    pub fault: Fault,
}

/// What a request is, as far as faults go.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Target<'a> {
    /// Its operation id.
    pub operation: &'a str,
    /// Its ticket (`ticket_id` path or query parameter), or "".
    pub ticket: &'a str,
}

impl ActiveFault {
    fn applies_to(&self, target: Target<'_>) -> bool {
        match &self.scope {
            FaultScope::NextRequests(left) => *left > 0,
            FaultScope::Ticket(id) => id == target.ticket,
            FaultScope::Operation(id) => id == target.operation,
            FaultScope::AllRequests => true,
        }
    }
}

/// The faults in force, in injection order.
#[derive(Debug, Default)]
pub(crate) struct Faults(Vec<ActiveFault>);

impl Faults {
    pub(crate) fn push(&mut self, scope: FaultScope, fault: Fault) {
        if scope != FaultScope::NextRequests(0) {
            self.0.push(ActiveFault { scope, fault });
        }
    }

    pub(crate) fn clear(&mut self) {
        self.0.clear();
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The fault a request gets, without using it up.
    pub(crate) fn peek(&self, target: Target<'_>) -> Option<&Fault> {
        self.0
            .iter()
            .find(|f| f.applies_to(target))
            .map(|f| &f.fault)
    }

    /// The fault in force for `operation` through a [`FaultScope::Operation`] naming it
    /// (the other scopes do not select it; an `Operation` scope is never used up): for
    /// the endpoints that are not operations of the spec (the token endpoint's refresh
    /// grant).
    pub(crate) fn named(&self, operation: &str) -> Option<&Fault> {
        self.0
            .iter()
            .find(|f| matches!(&f.scope, FaultScope::Operation(id) if id == operation))
            .map(|f| &f.fault)
    }

    /// The fault a request gets, counting it as used.
    pub(crate) fn take(&mut self, target: Target<'_>) -> Option<Fault> {
        let index = self.0.iter().position(|f| f.applies_to(target))?;
        let entry = &mut self.0[index];
        let fault = entry.fault.clone();
        if let FaultScope::NextRequests(left) = &mut entry.scope {
            *left -= 1;
            if *left == 0 {
                self.0.remove(index);
            }
        }
        Some(fault)
    }
}
