// @generated from openapi/helpdesk.yaml by `cargo xtask regen`; do not edit.
//
// Change the spec (or the generator settings in xtask/src/regen.rs) and run
// `cargo xtask regen` instead. CI runs `cargo xtask regen --check`.

//! The operations of the spec, as data (see `operation.rs` for the types).
#[allow(unused_imports)]
use crate::operation::{
    Body, Envelope, Location, Method, Operation, Pagination, Parameter, RateLimit,
    TokenKind, ValueKind,
};
use crate::types;
///`list_tickets`: List the tickets of a helpdesk.
pub const LIST_TICKETS: Operation = Operation {
    id: "list_tickets",
    method: Method::Get,
    path: "/open-apis/helpdesk/v1/tickets",
    summary: "List the tickets of a helpdesk.",
    tokens: &[TokenKind::Tenant],
    parameters: &[
        Parameter {
            name: "ticket_id",
            location: Location::Query,
            required: false,
            kind: ValueKind::String,
            array: false,
            minimum: None,
            maximum: None,
            description: "Only this ticket.",
        },
        Parameter {
            name: "agent_id",
            location: Location::Query,
            required: false,
            kind: ValueKind::String,
            array: false,
            minimum: None,
            maximum: None,
            description: "Only tickets of this agent (user id).",
        },
        Parameter {
            name: "closed_by_id",
            location: Location::Query,
            required: false,
            kind: ValueKind::String,
            array: false,
            minimum: None,
            maximum: None,
            description: "Only tickets closed by this user (user id).",
        },
        Parameter {
            name: "type",
            location: Location::Query,
            required: false,
            kind: ValueKind::Integer,
            array: false,
            minimum: None,
            maximum: None,
            description: "Ticket type: 1 bot, 2 human.",
        },
        Parameter {
            name: "channel",
            location: Location::Query,
            required: false,
            kind: ValueKind::Integer,
            array: false,
            minimum: None,
            maximum: None,
            description: "Channel: 9 Open API, 2 QR code, 14 share, 13 search; other values are other channels.",
        },
        Parameter {
            name: "solved",
            location: Location::Query,
            required: false,
            kind: ValueKind::Integer,
            array: false,
            minimum: None,
            maximum: None,
            description: "1 not solved, 2 solved.",
        },
        Parameter {
            name: "score",
            location: Location::Query,
            required: false,
            kind: ValueKind::Integer,
            array: false,
            minimum: None,
            maximum: None,
            description: "Satisfaction score: 1 dissatisfied, 2 neutral, 3 satisfied.",
        },
        Parameter {
            name: "status_list",
            location: Location::Query,
            required: false,
            kind: ValueKind::Integer,
            array: true,
            minimum: None,
            maximum: None,
            description: "Only tickets in one of these statuses (1 created, 2 in progress, 3 queued, 4 pending, 5 waiting for the user, 50 closed by the bot, 51 closed by an agent, 52 closed by the user); the key is repeated for each value.",
        },
        Parameter {
            name: "guest_name",
            location: Location::Query,
            required: false,
            kind: ValueKind::String,
            array: false,
            minimum: None,
            maximum: None,
            description: "Only tickets of a user of this name.",
        },
        Parameter {
            name: "guest_id",
            location: Location::Query,
            required: false,
            kind: ValueKind::String,
            array: false,
            minimum: None,
            maximum: None,
            description: "Only tickets of this user (open id).",
        },
        Parameter {
            name: "tags",
            location: Location::Query,
            required: false,
            kind: ValueKind::String,
            array: true,
            minimum: None,
            maximum: None,
            description: "Only tickets with one of these tags; the key is repeated for each value.",
        },
        Parameter {
            name: "page",
            location: Location::Query,
            required: false,
            kind: ValueKind::Integer,
            array: false,
            minimum: Some(1),
            maximum: None,
            description: "Page number, starting at 1.",
        },
        Parameter {
            name: "page_size",
            location: Location::Query,
            required: false,
            kind: ValueKind::Integer,
            array: false,
            minimum: Some(1),
            maximum: Some(200),
            description: "Number of tickets per page, at most 200, 20 by default.",
        },
        Parameter {
            name: "create_time_start",
            location: Location::Query,
            required: false,
            kind: ValueKind::Integer,
            array: false,
            minimum: None,
            maximum: None,
            description: "Created at or after, Unix milliseconds (with `create_time_end`).",
        },
        Parameter {
            name: "create_time_end",
            location: Location::Query,
            required: false,
            kind: ValueKind::Integer,
            array: false,
            minimum: None,
            maximum: None,
            description: "Created at or before, Unix milliseconds (with `create_time_start`).",
        },
        Parameter {
            name: "update_time_start",
            location: Location::Query,
            required: false,
            kind: ValueKind::Integer,
            array: false,
            minimum: None,
            maximum: None,
            description: "Updated at or after, Unix milliseconds (with `update_time_end`).",
        },
        Parameter {
            name: "update_time_end",
            location: Location::Query,
            required: false,
            kind: ValueKind::Integer,
            array: false,
            minimum: None,
            maximum: None,
            description: "Updated at or before, Unix milliseconds (with `update_time_start`).",
        },
    ],
    body: Body::None,
    pagination: None,
    idempotent: true,
    binary: false,
    rate_limit: RateLimit {
        per_second: None,
        per_minute: None,
    },
};
///`get_ticket`: Get one ticket of a helpdesk.
pub const GET_TICKET: Operation = Operation {
    id: "get_ticket",
    method: Method::Get,
    path: "/open-apis/helpdesk/v1/tickets/{ticket_id}",
    summary: "Get one ticket of a helpdesk.",
    tokens: &[TokenKind::Tenant],
    parameters: &[
        Parameter {
            name: "ticket_id",
            location: Location::Path,
            required: true,
            kind: ValueKind::String,
            array: false,
            minimum: None,
            maximum: None,
            description: "Ticket ID.",
        },
    ],
    body: Body::None,
    pagination: None,
    idempotent: true,
    binary: false,
    rate_limit: RateLimit {
        per_second: None,
        per_minute: None,
    },
};
///`list_ticket_messages`: Get the messages of a helpdesk ticket.
pub const LIST_TICKET_MESSAGES: Operation = Operation {
    id: "list_ticket_messages",
    method: Method::Get,
    path: "/open-apis/helpdesk/v1/tickets/{ticket_id}/messages",
    summary: "Get the messages of a helpdesk ticket.",
    tokens: &[TokenKind::Tenant],
    parameters: &[
        Parameter {
            name: "ticket_id",
            location: Location::Path,
            required: true,
            kind: ValueKind::String,
            array: false,
            minimum: None,
            maximum: None,
            description: "Ticket ID.",
        },
        Parameter {
            name: "time_start",
            location: Location::Query,
            required: false,
            kind: ValueKind::Integer,
            array: false,
            minimum: None,
            maximum: None,
            description: "Start time, Unix seconds.",
        },
        Parameter {
            name: "time_end",
            location: Location::Query,
            required: false,
            kind: ValueKind::Integer,
            array: false,
            minimum: None,
            maximum: None,
            description: "End time, Unix seconds.",
        },
        Parameter {
            name: "page",
            location: Location::Query,
            required: false,
            kind: ValueKind::Integer,
            array: false,
            minimum: Some(1),
            maximum: None,
            description: "Page number, starting at 1.",
        },
        Parameter {
            name: "page_size",
            location: Location::Query,
            required: false,
            kind: ValueKind::Integer,
            array: false,
            minimum: Some(1),
            maximum: Some(200),
            description: "Number of messages per page, at most 200, 20 by default.",
        },
    ],
    body: Body::None,
    pagination: None,
    idempotent: true,
    binary: false,
    rate_limit: RateLimit {
        per_second: None,
        per_minute: None,
    },
};
///`tenant_access_token_internal`: Get a tenant access token for a self-built app.
pub const TENANT_ACCESS_TOKEN_INTERNAL: Operation = Operation {
    id: "tenant_access_token_internal",
    method: Method::Post,
    path: "/open-apis/auth/v3/tenant_access_token/internal",
    summary: "Get a tenant access token for a self-built app.",
    tokens: &[],
    parameters: &[],
    body: Body::Required,
    pagination: None,
    idempotent: true,
    binary: false,
    rate_limit: RateLimit {
        per_second: None,
        per_minute: None,
    },
};
/// Every operation of the spec, in its order.
pub const ALL: &[&Operation] = &[
    &LIST_TICKETS,
    &GET_TICKET,
    &LIST_TICKET_MESSAGES,
    &TENANT_ACCESS_TOKEN_INTERNAL,
];
impl Envelope for types::TenantAccessTokenResponse {
    fn code(&self) -> i64 {
        self.code
    }
    fn msg(&self) -> Option<&str> {
        self.msg.as_deref()
    }
}
impl Envelope for types::TicketMessagesResponse {
    fn code(&self) -> i64 {
        self.code
    }
    fn msg(&self) -> Option<&str> {
        self.msg.as_deref()
    }
    fn body_log_id(&self) -> Option<&str> {
        self.error.as_ref().and_then(|e| e.log_id.as_deref())
    }
}
impl Envelope for types::TicketResponse {
    fn code(&self) -> i64 {
        self.code
    }
    fn msg(&self) -> Option<&str> {
        self.msg.as_deref()
    }
    fn body_log_id(&self) -> Option<&str> {
        self.error.as_ref().and_then(|e| e.log_id.as_deref())
    }
}
impl Envelope for types::TicketsResponse {
    fn code(&self) -> i64 {
        self.code
    }
    fn msg(&self) -> Option<&str> {
        self.msg.as_deref()
    }
    fn body_log_id(&self) -> Option<&str> {
        self.error.as_ref().and_then(|e| e.log_id.as_deref())
    }
}
