//! The documented facts the fake server serves, read once from the embedded spec.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use lark_helpdesk_api::types::{
    ErrorResponse, TenantAccessTokenResponse, Ticket, TicketMessage, TicketMessagesResponse,
    TicketResponse,
};
use serde_json::Value;

use lark_helpdesk_api::spec::{IntegerBounds, Spec};

/// Operation id of "get ticket messages" in the spec.
pub(crate) const OP_LIST_TICKET_MESSAGES: &str = "list_ticket_messages";
/// Operation id of the tenant access token call in the spec.
pub(crate) const OP_TENANT_ACCESS_TOKEN: &str = "tenant_access_token_internal";

/// The placeholder of the ticket id in the messages path template.
const TICKET_ID_PLACEHOLDER: &str = "{ticket_id}";
/// The security scheme carrying the helpdesk credential.
const HELPDESK_SCHEME: &str = "helpdeskCredential";

/// Everything the mock takes from `openapi/helpdesk.yaml`.
#[derive(Debug)]
pub(crate) struct Facts {
    /// The messages path template, split around `{ticket_id}`.
    pub messages_prefix: String,
    pub messages_suffix: String,
    /// The token endpoint path.
    pub token_path: String,
    /// The "list tickets" path (a ticket's path is it, `/`, and the ticket id).
    pub tickets_path: String,
    /// Name of the helpdesk credential header.
    pub helpdesk_header: String,
    pub page: IntegerBounds,
    pub page_size: IntegerBounds,
    pub default_page: i64,
    pub default_page_size: i64,
    /// Serialised documented error answers of the messages endpoint.
    pub bad_request: Vec<u8>,
    /// `code` and `msg` of `bad_request` (the spec's `BadRequest`), for refusals that
    /// say what is wrong.
    pub bad_request_code: i64,
    pub bad_request_msg: String,
    pub unauthorized: Vec<u8>,
    pub rate_limited: Vec<u8>,
    pub internal: Vec<u8>,
    /// The documented 403 answer (154003: no permission).
    pub forbidden: Vec<u8>,
    /// The documented 404 answer (154004: what the request names does not exist).
    pub not_found: Vec<u8>,
    /// `msg` of the documented 200 answer of the messages endpoint.
    pub success_msg: String,
    /// The documented example ticket and its messages.
    pub example_ticket_id: String,
    pub example_messages: Vec<TicketMessage>,
    /// The ticket of the documented answer of "get a ticket" (`None` when the spec has
    /// no such example): what that operation answers for a ticket whose messages the
    /// server holds outside its synthetic helpdesk, with that ticket's id.
    pub example_ticket: Option<Ticket>,
    /// `msg` and `expire` of the documented token answer.
    pub token_ok_msg: String,
    pub token_ttl: Duration,
}

impl Facts {
    /// The facts of the embedded spec, read once.
    pub(crate) fn embedded() -> Result<Arc<Facts>, String> {
        static FACTS: OnceLock<Result<Arc<Facts>, String>> = OnceLock::new();
        FACTS
            .get_or_init(|| Facts::read(Spec::embedded()).map(Arc::new))
            .clone()
    }

    /// Reads the facts out of `spec`.
    pub(crate) fn read(spec: &Spec) -> Result<Facts, String> {
        let messages_path = spec
            .path_of(OP_LIST_TICKET_MESSAGES)
            .ok_or("no path for list_ticket_messages")?;
        let (prefix, suffix) = messages_path
            .split_once(TICKET_ID_PLACEHOLDER)
            .ok_or("the messages path has no {ticket_id}")?;
        let token_path = spec
            .path_of(OP_TENANT_ACCESS_TOKEN)
            .ok_or("no path for tenant_access_token_internal")?;
        let tickets_path = spec
            .path_of("list_tickets")
            .ok_or("no path for list_tickets")?;
        if spec.path_of("get_ticket") != Some(&format!("{tickets_path}/{TICKET_ID_PLACEHOLDER}")) {
            return Err("get_ticket is not list_tickets' path and /{ticket_id}".into());
        }
        let helpdesk_header = spec
            .api_key_header(HELPDESK_SCHEME)
            .ok_or("no header for the helpdeskCredential scheme")?;

        let page = spec
            .integer_bounds(OP_LIST_TICKET_MESSAGES, "page")
            .ok_or("no page parameter")?;
        let page_size = spec
            .integer_bounds(OP_LIST_TICKET_MESSAGES, "page_size")
            .ok_or("no page_size parameter")?;
        let default_page = page.default.or(page.minimum).unwrap_or(1);
        let default_page_size = page_size.default.ok_or("page_size declares no default")?;

        let error_body_of = |op: &str, status: u16| -> Result<Vec<u8>, String> {
            let example = spec
                .example(op, status)
                .ok_or(format!("no example of the {status} answer of {op}"))?;
            let body: ErrorResponse = serde_json::from_value(example)
                .map_err(|e| format!("the {status} example is not an ErrorResponse: {e}"))?;
            serde_json::to_vec(&body).map_err(|e| e.to_string())
        };
        let error_body = |status: u16| error_body_of(OP_LIST_TICKET_MESSAGES, status);

        let bad_request: ErrorResponse = serde_json::from_slice(&error_body(400)?)
            .map_err(|e| format!("the 400 example: {e}"))?;

        let ok_example = spec
            .example(OP_LIST_TICKET_MESSAGES, 200)
            .ok_or("no example of the 200 answer")?;
        let ok: TicketMessagesResponse = serde_json::from_value(ok_example)
            .map_err(|e| format!("the 200 example is not a TicketMessagesResponse: {e}"))?;
        let example_messages = ok
            .data
            .and_then(|d| d.messages)
            .map(|m| m.to_vec())
            .ok_or("the 200 example holds no messages")?;
        let example_ticket_id = spec
            .parameter_example(OP_LIST_TICKET_MESSAGES, "ticket_id")
            .and_then(Value::as_str)
            .ok_or("the ticket_id parameter has no string example")?
            .to_string();

        let example_ticket = spec
            .example("get_ticket", 200)
            .map(serde_json::from_value::<TicketResponse>)
            .transpose()
            .map_err(|e| format!("the get_ticket 200 example is not a TicketResponse: {e}"))?
            .and_then(|answer| answer.data?.ticket);

        let token_example = spec
            .example(OP_TENANT_ACCESS_TOKEN, 200)
            .ok_or("no example of the token answer")?;
        let token: TenantAccessTokenResponse = serde_json::from_value(token_example)
            .map_err(|e| format!("the token example is not a TenantAccessTokenResponse: {e}"))?;
        let ttl_secs = token.expire.ok_or("the token example has no expire")?;

        Ok(Facts {
            messages_prefix: prefix.to_string(),
            messages_suffix: suffix.to_string(),
            token_path: token_path.to_string(),
            tickets_path: tickets_path.to_string(),
            helpdesk_header: helpdesk_header.to_string(),
            page,
            page_size,
            default_page,
            default_page_size,
            bad_request: error_body(400)?,
            bad_request_code: bad_request.code,
            bad_request_msg: bad_request.msg.unwrap_or_default(),
            unauthorized: error_body(401)?,
            rate_limited: error_body(429)?,
            internal: error_body(500)?,
            forbidden: error_body(403)?,
            // The messages endpoint documents none: that of a ticket's images, or (in a
            // spec without that operation) the platform's code for it.
            not_found: error_body_of("get_ticket_image", 404).unwrap_or_else(|_| {
                serde_json::to_vec(&serde_json::json!({"code": 154_004, "msg": "not found"}))
                    .expect("JSON serialises")
            }),
            success_msg: ok.msg.unwrap_or_default(),
            example_ticket_id,
            example_messages,
            example_ticket,
            token_ok_msg: token.msg.unwrap_or_default(),
            token_ttl: Duration::from_secs(u64::try_from(ttl_secs).map_err(|e| e.to_string())?),
        })
    }

    /// The ticket id of a request path to the messages endpoint, still percent-encoded,
    /// or `None` when `path` is not that endpoint.
    pub(crate) fn ticket_segment<'p>(&self, path: &'p str) -> Option<&'p str> {
        let segment = path
            .strip_prefix(self.messages_prefix.as_str())?
            .strip_suffix(self.messages_suffix.as_str())?;
        (!segment.is_empty() && !segment.contains('/')).then_some(segment)
    }
}
