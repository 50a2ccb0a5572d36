// @generated from openapi/helpdesk.yaml by `cargo xtask regen`; do not edit.
//
// Change the spec (or the generator settings in xtask/src/regen.rs) and run
// `cargo xtask regen` instead. CI runs `cargo xtask regen --check`.

//! The operations of the spec, as data (see `operation.rs` for the types).
#[allow(unused_imports)]
use crate::operation::{
    Body, Envelope, Export, Location, Method, Operation, Pagination, Parameter,
    RateLimit, TokenKind, ValueKind,
};
use crate::event::{EventKind, Subscription};
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
    pagination: Some(Pagination::Page {
        items: "tickets",
        item_id: "ticket_id",
        page_param: "page",
        size_param: "page_size",
        size_max: 200,
        size_default: 20,
        total: "total",
    }),
    idempotent: true,
    binary: false,
    rate_limit: RateLimit {
        per_second: Some(50),
        per_minute: Some(1000),
    },
    export: Some(Export {
        part: "tickets",
        of: None,
        calls: &[],
        items: "",
        item_id: "",
        entries: None,
    }),
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
        per_second: Some(10),
        per_minute: None,
    },
    export: None,
};
///`update_ticket`: Update a ticket.
pub const UPDATE_TICKET: Operation = Operation {
    id: "update_ticket",
    method: Method::Put,
    path: "/open-apis/helpdesk/v1/tickets/{ticket_id}",
    summary: "Update a ticket.",
    tokens: &[TokenKind::User],
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
    body: Body::Required,
    pagination: None,
    idempotent: false,
    binary: false,
    rate_limit: RateLimit {
        per_second: None,
        per_minute: None,
    },
    export: None,
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
    pagination: Some(Pagination::Page {
        items: "messages",
        item_id: "id",
        page_param: "page",
        size_param: "page_size",
        size_max: 200,
        size_default: 20,
        total: "total",
    }),
    idempotent: true,
    binary: false,
    rate_limit: RateLimit {
        per_second: None,
        per_minute: None,
    },
    export: Some(Export {
        part: "tickets",
        of: Some("list_tickets"),
        calls: &[],
        items: "",
        item_id: "",
        entries: None,
    }),
};
///`create_ticket_message`: Send a message in a ticket.
pub const CREATE_TICKET_MESSAGE: Operation = Operation {
    id: "create_ticket_message",
    method: Method::Post,
    path: "/open-apis/helpdesk/v1/tickets/{ticket_id}/messages",
    summary: "Send a message in a ticket.",
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
    body: Body::Required,
    pagination: None,
    idempotent: false,
    binary: false,
    rate_limit: RateLimit {
        per_second: Some(50),
        per_minute: Some(1000),
    },
    export: None,
};
///`answer_user_query`: Answer a user's question in a ticket with FAQs.
pub const ANSWER_USER_QUERY: Operation = Operation {
    id: "answer_user_query",
    method: Method::Post,
    path: "/open-apis/helpdesk/v1/tickets/{ticket_id}/answer_user_query",
    summary: "Answer a user's question in a ticket with FAQs.",
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
    body: Body::Required,
    pagination: None,
    idempotent: false,
    binary: false,
    rate_limit: RateLimit {
        per_second: None,
        per_minute: None,
    },
    export: None,
};
///`list_customized_fields`: Get the custom fields of the helpdesk (user and ticket fields).
pub const LIST_CUSTOMIZED_FIELDS: Operation = Operation {
    id: "list_customized_fields",
    method: Method::Get,
    path: "/open-apis/helpdesk/v1/customized_fields",
    summary: "Get the custom fields of the helpdesk (user and ticket fields).",
    tokens: &[TokenKind::Tenant],
    parameters: &[
        Parameter {
            name: "visible_only",
            location: Location::Query,
            required: false,
            kind: ValueKind::Boolean,
            array: false,
            minimum: None,
            maximum: None,
            description: "Only the fields visible to users.",
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
    export: None,
};
///`start_service`: Start a helpdesk conversation for a user.
pub const START_SERVICE: Operation = Operation {
    id: "start_service",
    method: Method::Post,
    path: "/open-apis/helpdesk/v1/start_service",
    summary: "Start a helpdesk conversation for a user.",
    tokens: &[TokenKind::Tenant],
    parameters: &[],
    body: Body::Required,
    pagination: None,
    idempotent: false,
    binary: false,
    rate_limit: RateLimit {
        per_second: Some(50),
        per_minute: Some(1000),
    },
    export: None,
};
///`get_ticket_image`: Download an image of a ticket message.
pub const GET_TICKET_IMAGE: Operation = Operation {
    id: "get_ticket_image",
    method: Method::Get,
    path: "/open-apis/helpdesk/v1/ticket_images",
    summary: "Download an image of a ticket message.",
    tokens: &[TokenKind::Tenant],
    parameters: &[
        Parameter {
            name: "ticket_id",
            location: Location::Query,
            required: true,
            kind: ValueKind::String,
            array: false,
            minimum: None,
            maximum: None,
            description: "Ticket ID.",
        },
        Parameter {
            name: "msg_id",
            location: Location::Query,
            required: true,
            kind: ValueKind::String,
            array: false,
            minimum: None,
            maximum: None,
            description: "The ticket message's ID (`id` of a message of `list_ticket_messages`).",
        },
        Parameter {
            name: "index",
            location: Location::Query,
            required: false,
            kind: ValueKind::Integer,
            array: false,
            minimum: Some(0),
            maximum: None,
            description: "Which image of a rich-text (`post`) message, from 0; needed for `post` messages, not for `image` messages.",
        },
    ],
    body: Body::None,
    pagination: None,
    idempotent: true,
    binary: true,
    rate_limit: RateLimit {
        per_second: Some(50),
        per_minute: Some(1000),
    },
    export: Some(Export {
        part: "images",
        of: Some("list_ticket_messages"),
        calls: &[],
        items: "",
        item_id: "",
        entries: None,
    }),
};
///`create_ticket_customized_field`: Create a ticket custom field.
pub const CREATE_TICKET_CUSTOMIZED_FIELD: Operation = Operation {
    id: "create_ticket_customized_field",
    method: Method::Post,
    path: "/open-apis/helpdesk/v1/ticket_customized_fields",
    summary: "Create a ticket custom field.",
    tokens: &[TokenKind::User],
    parameters: &[],
    body: Body::Required,
    pagination: None,
    idempotent: false,
    binary: false,
    rate_limit: RateLimit {
        per_second: None,
        per_minute: None,
    },
    export: None,
};
///`list_ticket_customized_fields`: List the ticket custom fields.
pub const LIST_TICKET_CUSTOMIZED_FIELDS: Operation = Operation {
    id: "list_ticket_customized_fields",
    method: Method::Get,
    path: "/open-apis/helpdesk/v1/ticket_customized_fields",
    summary: "List the ticket custom fields.",
    tokens: &[TokenKind::Tenant],
    parameters: &[
        Parameter {
            name: "page_token",
            location: Location::Query,
            required: false,
            kind: ValueKind::String,
            array: false,
            minimum: None,
            maximum: None,
            description: "The token of the page to get: absent for the first page, then the `next_page_token` of the previous answer.",
        },
        Parameter {
            name: "page_size",
            location: Location::Query,
            required: false,
            kind: ValueKind::Integer,
            array: false,
            minimum: Some(1),
            maximum: Some(100),
            description: "Number of fields per page, at most 100, 20 by default.",
        },
    ],
    body: Body::Optional,
    pagination: Some(Pagination::Token {
        items: "items",
        item_id: "ticket_customized_field_id",
        token_param: "page_token",
        next_token: "next_page_token",
        has_more: "has_more",
        size_param: "page_size",
        size_max: 100,
        size_default: 20,
    }),
    idempotent: true,
    binary: false,
    rate_limit: RateLimit {
        per_second: None,
        per_minute: None,
    },
    export: Some(Export {
        part: "ticket_customized_fields",
        of: None,
        calls: &[],
        items: "",
        item_id: "",
        entries: None,
    }),
};
///`get_ticket_customized_field`: Get a ticket custom field.
pub const GET_TICKET_CUSTOMIZED_FIELD: Operation = Operation {
    id: "get_ticket_customized_field",
    method: Method::Get,
    path: "/open-apis/helpdesk/v1/ticket_customized_fields/{ticket_customized_field_id}",
    summary: "Get a ticket custom field.",
    tokens: &[TokenKind::Tenant],
    parameters: &[
        Parameter {
            name: "ticket_customized_field_id",
            location: Location::Path,
            required: true,
            kind: ValueKind::String,
            array: false,
            minimum: None,
            maximum: None,
            description: "The ticket custom field's ID.",
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
    export: None,
};
///`patch_ticket_customized_field`: Update a ticket custom field.
pub const PATCH_TICKET_CUSTOMIZED_FIELD: Operation = Operation {
    id: "patch_ticket_customized_field",
    method: Method::Patch,
    path: "/open-apis/helpdesk/v1/ticket_customized_fields/{ticket_customized_field_id}",
    summary: "Update a ticket custom field.",
    tokens: &[TokenKind::User],
    parameters: &[
        Parameter {
            name: "ticket_customized_field_id",
            location: Location::Path,
            required: true,
            kind: ValueKind::String,
            array: false,
            minimum: None,
            maximum: None,
            description: "The ticket custom field's ID.",
        },
    ],
    body: Body::Required,
    pagination: None,
    idempotent: true,
    binary: false,
    rate_limit: RateLimit {
        per_second: None,
        per_minute: None,
    },
    export: None,
};
///`delete_ticket_customized_field`: Delete a ticket custom field.
pub const DELETE_TICKET_CUSTOMIZED_FIELD: Operation = Operation {
    id: "delete_ticket_customized_field",
    method: Method::Delete,
    path: "/open-apis/helpdesk/v1/ticket_customized_fields/{ticket_customized_field_id}",
    summary: "Delete a ticket custom field.",
    tokens: &[TokenKind::User],
    parameters: &[
        Parameter {
            name: "ticket_customized_field_id",
            location: Location::Path,
            required: true,
            kind: ValueKind::String,
            array: false,
            minimum: None,
            maximum: None,
            description: "The ticket custom field's ID.",
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
    export: None,
};
///`create_category`: Create an FAQ category.
pub const CREATE_CATEGORY: Operation = Operation {
    id: "create_category",
    method: Method::Post,
    path: "/open-apis/helpdesk/v1/categories",
    summary: "Create an FAQ category.",
    tokens: &[TokenKind::User],
    parameters: &[],
    body: Body::Required,
    pagination: None,
    idempotent: false,
    binary: false,
    rate_limit: RateLimit {
        per_second: None,
        per_minute: None,
    },
    export: None,
};
///`list_categories`: List the FAQ categories.
pub const LIST_CATEGORIES: Operation = Operation {
    id: "list_categories",
    method: Method::Get,
    path: "/open-apis/helpdesk/v1/categories",
    summary: "List the FAQ categories.",
    tokens: &[TokenKind::Tenant],
    parameters: &[
        Parameter {
            name: "lang",
            location: Location::Query,
            required: false,
            kind: ValueKind::String,
            array: false,
            minimum: None,
            maximum: None,
            description: "Only categories of this language, e.g. `zh_cn`, `en_us`, `ja_jp`.",
        },
        Parameter {
            name: "order_by",
            location: Location::Query,
            required: false,
            kind: ValueKind::Integer,
            array: false,
            minimum: None,
            maximum: None,
            description: "Sort key: 1 the category's update time.",
        },
        Parameter {
            name: "asc",
            location: Location::Query,
            required: false,
            kind: ValueKind::Boolean,
            array: false,
            minimum: None,
            maximum: None,
            description: "Order: true ascending, false descending.",
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
    export: Some(Export {
        part: "categories",
        of: None,
        calls: &[],
        items: "",
        item_id: "",
        entries: None,
    }),
};
///`get_category`: Get an FAQ category.
pub const GET_CATEGORY: Operation = Operation {
    id: "get_category",
    method: Method::Get,
    path: "/open-apis/helpdesk/v1/categories/{id}",
    summary: "Get an FAQ category.",
    tokens: &[TokenKind::Tenant],
    parameters: &[
        Parameter {
            name: "id",
            location: Location::Path,
            required: true,
            kind: ValueKind::String,
            array: false,
            minimum: None,
            maximum: None,
            description: "The category's ID.",
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
    export: None,
};
///`patch_category`: Update an FAQ category.
pub const PATCH_CATEGORY: Operation = Operation {
    id: "patch_category",
    method: Method::Patch,
    path: "/open-apis/helpdesk/v1/categories/{id}",
    summary: "Update an FAQ category.",
    tokens: &[TokenKind::User],
    parameters: &[
        Parameter {
            name: "id",
            location: Location::Path,
            required: true,
            kind: ValueKind::String,
            array: false,
            minimum: None,
            maximum: None,
            description: "The category's ID.",
        },
    ],
    body: Body::Required,
    pagination: None,
    idempotent: true,
    binary: false,
    rate_limit: RateLimit {
        per_second: None,
        per_minute: None,
    },
    export: None,
};
///`delete_category`: Delete an FAQ category.
pub const DELETE_CATEGORY: Operation = Operation {
    id: "delete_category",
    method: Method::Delete,
    path: "/open-apis/helpdesk/v1/categories/{id}",
    summary: "Delete an FAQ category.",
    tokens: &[TokenKind::User],
    parameters: &[
        Parameter {
            name: "id",
            location: Location::Path,
            required: true,
            kind: ValueKind::String,
            array: false,
            minimum: None,
            maximum: None,
            description: "The category's ID.",
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
    export: None,
};
///`create_faq`: Create an FAQ.
pub const CREATE_FAQ: Operation = Operation {
    id: "create_faq",
    method: Method::Post,
    path: "/open-apis/helpdesk/v1/faqs",
    summary: "Create an FAQ.",
    tokens: &[TokenKind::User],
    parameters: &[],
    body: Body::Required,
    pagination: None,
    idempotent: false,
    binary: false,
    rate_limit: RateLimit {
        per_second: None,
        per_minute: None,
    },
    export: None,
};
///`list_faqs`: List the FAQs.
pub const LIST_FAQS: Operation = Operation {
    id: "list_faqs",
    method: Method::Get,
    path: "/open-apis/helpdesk/v1/faqs",
    summary: "List the FAQs.",
    tokens: &[TokenKind::Tenant],
    parameters: &[
        Parameter {
            name: "category_id",
            location: Location::Query,
            required: false,
            kind: ValueKind::String,
            array: false,
            minimum: None,
            maximum: None,
            description: "Only the FAQs of this category.",
        },
        Parameter {
            name: "status",
            location: Location::Query,
            required: false,
            kind: ValueKind::String,
            array: false,
            minimum: None,
            maximum: None,
            description: "Only the FAQs in this status, a string: \"1\" online, \"0\" deleted (recoverable), \"2\" deleted for good.",
        },
        Parameter {
            name: "search",
            location: Location::Query,
            required: false,
            kind: ValueKind::String,
            array: false,
            minimum: None,
            maximum: None,
            description: "A keyword matched against the question, its keywords and user names.",
        },
        Parameter {
            name: "page_token",
            location: Location::Query,
            required: false,
            kind: ValueKind::String,
            array: false,
            minimum: None,
            maximum: None,
            description: "The token of the page to get: absent for the first page, then the `page_token` of the previous answer.",
        },
        Parameter {
            name: "page_size",
            location: Location::Query,
            required: false,
            kind: ValueKind::Integer,
            array: false,
            minimum: Some(1),
            maximum: Some(100),
            description: "Number of FAQs per page, at most 100, 20 by default.",
        },
    ],
    body: Body::None,
    pagination: Some(Pagination::Token {
        items: "items",
        item_id: "faq_id",
        token_param: "page_token",
        next_token: "page_token",
        has_more: "has_more",
        size_param: "page_size",
        size_max: 100,
        size_default: 20,
    }),
    idempotent: true,
    binary: false,
    rate_limit: RateLimit {
        per_second: None,
        per_minute: None,
    },
    export: Some(Export {
        part: "faqs",
        of: None,
        calls: &[&[("status", "1")], &[("status", "0")], &[("status", "2")]],
        items: "",
        item_id: "",
        entries: None,
    }),
};
///`search_faqs`: Search the FAQs.
pub const SEARCH_FAQS: Operation = Operation {
    id: "search_faqs",
    method: Method::Get,
    path: "/open-apis/helpdesk/v1/faqs/search",
    summary: "Search the FAQs.",
    tokens: &[TokenKind::Tenant],
    parameters: &[
        Parameter {
            name: "query",
            location: Location::Query,
            required: true,
            kind: ValueKind::String,
            array: false,
            minimum: None,
            maximum: None,
            description: "The text to search for (base64-encoded when `base64` is \"true\").",
        },
        Parameter {
            name: "base64",
            location: Location::Query,
            required: false,
            kind: ValueKind::String,
            array: false,
            minimum: None,
            maximum: None,
            description: "\"true\" when `query` is base64-encoded; absent otherwise. A string, not a boolean.",
        },
        Parameter {
            name: "page_token",
            location: Location::Query,
            required: false,
            kind: ValueKind::String,
            array: false,
            minimum: None,
            maximum: None,
            description: "The token of the page to get: absent for the first page, then the `page_token` of the previous answer.",
        },
        Parameter {
            name: "page_size",
            location: Location::Query,
            required: false,
            kind: ValueKind::Integer,
            array: false,
            minimum: Some(1),
            maximum: Some(100),
            description: "Number of FAQs per page, at most 100, 20 by default.",
        },
    ],
    body: Body::None,
    pagination: Some(Pagination::Token {
        items: "items",
        item_id: "faq_id",
        token_param: "page_token",
        next_token: "page_token",
        has_more: "has_more",
        size_param: "page_size",
        size_max: 100,
        size_default: 20,
    }),
    idempotent: true,
    binary: false,
    rate_limit: RateLimit {
        per_second: None,
        per_minute: None,
    },
    export: None,
};
///`get_faq`: Get an FAQ.
pub const GET_FAQ: Operation = Operation {
    id: "get_faq",
    method: Method::Get,
    path: "/open-apis/helpdesk/v1/faqs/{id}",
    summary: "Get an FAQ.",
    tokens: &[TokenKind::Tenant],
    parameters: &[
        Parameter {
            name: "id",
            location: Location::Path,
            required: true,
            kind: ValueKind::String,
            array: false,
            minimum: None,
            maximum: None,
            description: "The FAQ's ID.",
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
    export: None,
};
///`patch_faq`: Update an FAQ.
pub const PATCH_FAQ: Operation = Operation {
    id: "patch_faq",
    method: Method::Patch,
    path: "/open-apis/helpdesk/v1/faqs/{id}",
    summary: "Update an FAQ.",
    tokens: &[TokenKind::User],
    parameters: &[
        Parameter {
            name: "id",
            location: Location::Path,
            required: true,
            kind: ValueKind::String,
            array: false,
            minimum: None,
            maximum: None,
            description: "The FAQ's ID.",
        },
    ],
    body: Body::Required,
    pagination: None,
    idempotent: true,
    binary: false,
    rate_limit: RateLimit {
        per_second: None,
        per_minute: None,
    },
    export: None,
};
///`delete_faq`: Delete an FAQ.
pub const DELETE_FAQ: Operation = Operation {
    id: "delete_faq",
    method: Method::Delete,
    path: "/open-apis/helpdesk/v1/faqs/{id}",
    summary: "Delete an FAQ.",
    tokens: &[TokenKind::User],
    parameters: &[
        Parameter {
            name: "id",
            location: Location::Path,
            required: true,
            kind: ValueKind::String,
            array: false,
            minimum: None,
            maximum: None,
            description: "The FAQ's ID.",
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
    export: None,
};
///`get_faq_image`: Download an image of an FAQ.
pub const GET_FAQ_IMAGE: Operation = Operation {
    id: "get_faq_image",
    method: Method::Get,
    path: "/open-apis/helpdesk/v1/faqs/{id}/image/{image_key}",
    summary: "Download an image of an FAQ.",
    tokens: &[TokenKind::Tenant],
    parameters: &[
        Parameter {
            name: "id",
            location: Location::Path,
            required: true,
            kind: ValueKind::String,
            array: false,
            minimum: None,
            maximum: None,
            description: "The FAQ's ID.",
        },
        Parameter {
            name: "image_key",
            location: Location::Path,
            required: true,
            kind: ValueKind::String,
            array: false,
            minimum: None,
            maximum: None,
            description: "The image's key, `img_...`.",
        },
    ],
    body: Body::None,
    pagination: None,
    idempotent: true,
    binary: true,
    rate_limit: RateLimit {
        per_second: None,
        per_minute: None,
    },
    export: Some(Export {
        part: "faq_images",
        of: Some("list_faqs"),
        calls: &[],
        items: "",
        item_id: "",
        entries: None,
    }),
};
///`create_notification`: Create a notification (a draft).
pub const CREATE_NOTIFICATION: Operation = Operation {
    id: "create_notification",
    method: Method::Post,
    path: "/open-apis/helpdesk/v1/notifications",
    summary: "Create a notification (a draft).",
    tokens: &[TokenKind::User],
    parameters: &[
        Parameter {
            name: "user_id_type",
            location: Location::Query,
            required: false,
            kind: ValueKind::String,
            array: false,
            minimum: None,
            maximum: None,
            description: "The kind of the user ids in the body and the answer: `open_id` (the default), `union_id` or `user_id` (which needs the scope `contact:user.employee_id:readonly`).",
        },
    ],
    body: Body::Required,
    pagination: None,
    idempotent: false,
    binary: false,
    rate_limit: RateLimit {
        per_second: None,
        per_minute: Some(10),
    },
    export: None,
};
///`get_notification`: Get a notification.
pub const GET_NOTIFICATION: Operation = Operation {
    id: "get_notification",
    method: Method::Get,
    path: "/open-apis/helpdesk/v1/notifications/{notification_id}",
    summary: "Get a notification.",
    tokens: &[TokenKind::Tenant, TokenKind::User],
    parameters: &[
        Parameter {
            name: "notification_id",
            location: Location::Path,
            required: true,
            kind: ValueKind::String,
            array: false,
            minimum: None,
            maximum: None,
            description: "The notification's ID, as answered by `create_notification`.",
        },
        Parameter {
            name: "user_id_type",
            location: Location::Query,
            required: false,
            kind: ValueKind::String,
            array: false,
            minimum: None,
            maximum: None,
            description: "The kind of the user ids in the answer: `open_id` (the default), `union_id` or `user_id` (which needs the scope `contact:user.employee_id:readonly`).",
        },
    ],
    body: Body::None,
    pagination: None,
    idempotent: true,
    binary: false,
    rate_limit: RateLimit {
        per_second: None,
        per_minute: Some(100),
    },
    export: None,
};
///`patch_notification`: Update a notification (while a draft).
pub const PATCH_NOTIFICATION: Operation = Operation {
    id: "patch_notification",
    method: Method::Patch,
    path: "/open-apis/helpdesk/v1/notifications/{notification_id}",
    summary: "Update a notification (while a draft).",
    tokens: &[TokenKind::User],
    parameters: &[
        Parameter {
            name: "notification_id",
            location: Location::Path,
            required: true,
            kind: ValueKind::String,
            array: false,
            minimum: None,
            maximum: None,
            description: "The notification's ID, as answered by `create_notification`.",
        },
        Parameter {
            name: "user_id_type",
            location: Location::Query,
            required: false,
            kind: ValueKind::String,
            array: false,
            minimum: None,
            maximum: None,
            description: "The kind of the user ids in the body: `open_id` (the default), `union_id` or `user_id` (which needs the scope `contact:user.employee_id:readonly`).",
        },
    ],
    body: Body::Required,
    pagination: None,
    idempotent: true,
    binary: false,
    rate_limit: RateLimit {
        per_second: None,
        per_minute: Some(20),
    },
    export: None,
};
///`preview_notification`: Preview a notification.
pub const PREVIEW_NOTIFICATION: Operation = Operation {
    id: "preview_notification",
    method: Method::Post,
    path: "/open-apis/helpdesk/v1/notifications/{notification_id}/preview",
    summary: "Preview a notification.",
    tokens: &[TokenKind::User],
    parameters: &[
        Parameter {
            name: "notification_id",
            location: Location::Path,
            required: true,
            kind: ValueKind::String,
            array: false,
            minimum: None,
            maximum: None,
            description: "The notification's ID, as answered by `create_notification`.",
        },
    ],
    body: Body::None,
    pagination: None,
    idempotent: false,
    binary: false,
    rate_limit: RateLimit {
        per_second: None,
        per_minute: Some(20),
    },
    export: None,
};
///`submit_approve_notification`: Submit a notification for approval.
pub const SUBMIT_APPROVE_NOTIFICATION: Operation = Operation {
    id: "submit_approve_notification",
    method: Method::Post,
    path: "/open-apis/helpdesk/v1/notifications/{notification_id}/submit_approve",
    summary: "Submit a notification for approval.",
    tokens: &[TokenKind::User],
    parameters: &[
        Parameter {
            name: "notification_id",
            location: Location::Path,
            required: true,
            kind: ValueKind::String,
            array: false,
            minimum: None,
            maximum: None,
            description: "The notification's ID, as answered by `create_notification`.",
        },
    ],
    body: Body::Required,
    pagination: None,
    idempotent: false,
    binary: false,
    rate_limit: RateLimit {
        per_second: None,
        per_minute: Some(10),
    },
    export: None,
};
///`cancel_approve_notification`: Withdraw a notification from approval.
pub const CANCEL_APPROVE_NOTIFICATION: Operation = Operation {
    id: "cancel_approve_notification",
    method: Method::Post,
    path: "/open-apis/helpdesk/v1/notifications/{notification_id}/cancel_approve",
    summary: "Withdraw a notification from approval.",
    tokens: &[TokenKind::User],
    parameters: &[
        Parameter {
            name: "notification_id",
            location: Location::Path,
            required: true,
            kind: ValueKind::String,
            array: false,
            minimum: None,
            maximum: None,
            description: "The notification's ID, as answered by `create_notification`.",
        },
    ],
    body: Body::None,
    pagination: None,
    idempotent: true,
    binary: false,
    rate_limit: RateLimit {
        per_second: None,
        per_minute: Some(10),
    },
    export: None,
};
///`execute_send_notification`: Schedule the sending of an approved notification.
pub const EXECUTE_SEND_NOTIFICATION: Operation = Operation {
    id: "execute_send_notification",
    method: Method::Post,
    path: "/open-apis/helpdesk/v1/notifications/{notification_id}/execute_send",
    summary: "Schedule the sending of an approved notification.",
    tokens: &[TokenKind::User],
    parameters: &[
        Parameter {
            name: "notification_id",
            location: Location::Path,
            required: true,
            kind: ValueKind::String,
            array: false,
            minimum: None,
            maximum: None,
            description: "The notification's ID, as answered by `create_notification`.",
        },
    ],
    body: Body::Required,
    pagination: None,
    idempotent: false,
    binary: false,
    rate_limit: RateLimit {
        per_second: None,
        per_minute: Some(10),
    },
    export: None,
};
///`cancel_send_notification`: Cancel the sending of a notification.
pub const CANCEL_SEND_NOTIFICATION: Operation = Operation {
    id: "cancel_send_notification",
    method: Method::Post,
    path: "/open-apis/helpdesk/v1/notifications/{notification_id}/cancel_send",
    summary: "Cancel the sending of a notification.",
    tokens: &[TokenKind::User],
    parameters: &[
        Parameter {
            name: "notification_id",
            location: Location::Path,
            required: true,
            kind: ValueKind::String,
            array: false,
            minimum: None,
            maximum: None,
            description: "The notification's ID, as answered by `create_notification`.",
        },
    ],
    body: Body::Required,
    pagination: None,
    idempotent: true,
    binary: false,
    rate_limit: RateLimit {
        per_second: None,
        per_minute: None,
    },
    export: None,
};
///`list_agent_emails`: Get the email addresses of the helpdesk's agents.
pub const LIST_AGENT_EMAILS: Operation = Operation {
    id: "list_agent_emails",
    method: Method::Get,
    path: "/open-apis/helpdesk/v1/agent_emails",
    summary: "Get the email addresses of the helpdesk's agents.",
    tokens: &[TokenKind::Tenant],
    parameters: &[],
    body: Body::None,
    pagination: None,
    idempotent: true,
    binary: false,
    rate_limit: RateLimit {
        per_second: None,
        per_minute: None,
    },
    export: Some(Export {
        part: "agent_emails",
        of: None,
        calls: &[],
        items: "agents",
        item_id: "",
        entries: Some(("agent_id", "email")),
    }),
};
///`patch_agent`: Set an agent's status.
pub const PATCH_AGENT: Operation = Operation {
    id: "patch_agent",
    method: Method::Patch,
    path: "/open-apis/helpdesk/v1/agents/{agent_id}",
    summary: "Set an agent's status.",
    tokens: &[TokenKind::User],
    parameters: &[
        Parameter {
            name: "agent_id",
            location: Location::Path,
            required: true,
            kind: ValueKind::String,
            array: false,
            minimum: None,
            maximum: None,
            description: "The agent's ID (its open id, `ou_...`).",
        },
    ],
    body: Body::Required,
    pagination: None,
    idempotent: true,
    binary: false,
    rate_limit: RateLimit {
        per_second: None,
        per_minute: Some(100),
    },
    export: None,
};
///`get_agent_schedules`: Get an agent's work schedule.
pub const GET_AGENT_SCHEDULES: Operation = Operation {
    id: "get_agent_schedules",
    method: Method::Get,
    path: "/open-apis/helpdesk/v1/agents/{agent_id}/schedules",
    summary: "Get an agent's work schedule.",
    tokens: &[TokenKind::Tenant],
    parameters: &[
        Parameter {
            name: "agent_id",
            location: Location::Path,
            required: true,
            kind: ValueKind::String,
            array: false,
            minimum: None,
            maximum: None,
            description: "The agent's ID (its open id, `ou_...`).",
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
    export: None,
};
///`patch_agent_schedules`: Update an agent's work schedule.
pub const PATCH_AGENT_SCHEDULES: Operation = Operation {
    id: "patch_agent_schedules",
    method: Method::Patch,
    path: "/open-apis/helpdesk/v1/agents/{agent_id}/schedules",
    summary: "Update an agent's work schedule.",
    tokens: &[TokenKind::User],
    parameters: &[
        Parameter {
            name: "agent_id",
            location: Location::Path,
            required: true,
            kind: ValueKind::String,
            array: false,
            minimum: None,
            maximum: None,
            description: "The agent's ID (its open id, `ou_...`).",
        },
    ],
    body: Body::Required,
    pagination: None,
    idempotent: true,
    binary: false,
    rate_limit: RateLimit {
        per_second: None,
        per_minute: None,
    },
    export: None,
};
///`delete_agent_schedules`: Delete an agent's work schedule.
pub const DELETE_AGENT_SCHEDULES: Operation = Operation {
    id: "delete_agent_schedules",
    method: Method::Delete,
    path: "/open-apis/helpdesk/v1/agents/{agent_id}/schedules",
    summary: "Delete an agent's work schedule.",
    tokens: &[TokenKind::User],
    parameters: &[
        Parameter {
            name: "agent_id",
            location: Location::Path,
            required: true,
            kind: ValueKind::String,
            array: false,
            minimum: None,
            maximum: None,
            description: "The agent's ID (its open id, `ou_...`).",
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
    export: None,
};
///`create_agent_schedules`: Create the work schedules of agents.
pub const CREATE_AGENT_SCHEDULES: Operation = Operation {
    id: "create_agent_schedules",
    method: Method::Post,
    path: "/open-apis/helpdesk/v1/agent_schedules",
    summary: "Create the work schedules of agents.",
    tokens: &[TokenKind::User],
    parameters: &[],
    body: Body::Required,
    pagination: None,
    idempotent: false,
    binary: false,
    rate_limit: RateLimit {
        per_second: None,
        per_minute: None,
    },
    export: None,
};
///`list_agent_schedules`: List the agents' work schedules.
pub const LIST_AGENT_SCHEDULES: Operation = Operation {
    id: "list_agent_schedules",
    method: Method::Get,
    path: "/open-apis/helpdesk/v1/agent_schedules",
    summary: "List the agents' work schedules.",
    tokens: &[TokenKind::Tenant],
    parameters: &[
        Parameter {
            name: "status",
            location: Location::Query,
            required: true,
            kind: ValueKind::Integer,
            array: true,
            minimum: None,
            maximum: None,
            description: "Only agents in one of these statuses: 1 online, 2 offline (set by hand), 3 off duty (outside service hours), 4 removed agents; the key is repeated for each value (`status=1&status=2`).",
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
    export: Some(Export {
        part: "agent_schedules",
        of: None,
        calls: &[&[("status", "1"), ("status", "2"), ("status", "3"), ("status", "4")]],
        items: "agent_schedules",
        item_id: "agent.id",
        entries: None,
    }),
};
///`create_agent_skill`: Create an agent skill.
pub const CREATE_AGENT_SKILL: Operation = Operation {
    id: "create_agent_skill",
    method: Method::Post,
    path: "/open-apis/helpdesk/v1/agent_skills",
    summary: "Create an agent skill.",
    tokens: &[TokenKind::User],
    parameters: &[],
    body: Body::Required,
    pagination: None,
    idempotent: false,
    binary: false,
    rate_limit: RateLimit {
        per_second: None,
        per_minute: None,
    },
    export: None,
};
///`list_agent_skills`: List the agent skills.
pub const LIST_AGENT_SKILLS: Operation = Operation {
    id: "list_agent_skills",
    method: Method::Get,
    path: "/open-apis/helpdesk/v1/agent_skills",
    summary: "List the agent skills.",
    tokens: &[TokenKind::Tenant],
    parameters: &[],
    body: Body::None,
    pagination: None,
    idempotent: true,
    binary: false,
    rate_limit: RateLimit {
        per_second: None,
        per_minute: None,
    },
    export: Some(Export {
        part: "agent_skills",
        of: None,
        calls: &[],
        items: "",
        item_id: "",
        entries: None,
    }),
};
///`get_agent_skill`: Get an agent skill.
pub const GET_AGENT_SKILL: Operation = Operation {
    id: "get_agent_skill",
    method: Method::Get,
    path: "/open-apis/helpdesk/v1/agent_skills/{agent_skill_id}",
    summary: "Get an agent skill.",
    tokens: &[TokenKind::Tenant],
    parameters: &[
        Parameter {
            name: "agent_skill_id",
            location: Location::Path,
            required: true,
            kind: ValueKind::String,
            array: false,
            minimum: None,
            maximum: None,
            description: "The skill's ID.",
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
    export: None,
};
///`patch_agent_skill`: Update an agent skill.
pub const PATCH_AGENT_SKILL: Operation = Operation {
    id: "patch_agent_skill",
    method: Method::Patch,
    path: "/open-apis/helpdesk/v1/agent_skills/{agent_skill_id}",
    summary: "Update an agent skill.",
    tokens: &[TokenKind::User],
    parameters: &[
        Parameter {
            name: "agent_skill_id",
            location: Location::Path,
            required: true,
            kind: ValueKind::String,
            array: false,
            minimum: None,
            maximum: None,
            description: "The skill's ID.",
        },
    ],
    body: Body::Required,
    pagination: None,
    idempotent: true,
    binary: false,
    rate_limit: RateLimit {
        per_second: None,
        per_minute: None,
    },
    export: None,
};
///`delete_agent_skill`: Delete an agent skill.
pub const DELETE_AGENT_SKILL: Operation = Operation {
    id: "delete_agent_skill",
    method: Method::Delete,
    path: "/open-apis/helpdesk/v1/agent_skills/{agent_skill_id}",
    summary: "Delete an agent skill.",
    tokens: &[TokenKind::User],
    parameters: &[
        Parameter {
            name: "agent_skill_id",
            location: Location::Path,
            required: true,
            kind: ValueKind::String,
            array: false,
            minimum: None,
            maximum: None,
            description: "The skill's ID.",
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
    export: None,
};
///`list_agent_skill_rules`: List the rules agent skills can use.
pub const LIST_AGENT_SKILL_RULES: Operation = Operation {
    id: "list_agent_skill_rules",
    method: Method::Get,
    path: "/open-apis/helpdesk/v1/agent_skill_rules",
    summary: "List the rules agent skills can use.",
    tokens: &[TokenKind::Tenant],
    parameters: &[],
    body: Body::None,
    pagination: None,
    idempotent: true,
    binary: false,
    rate_limit: RateLimit {
        per_second: None,
        per_minute: None,
    },
    export: Some(Export {
        part: "agent_skill_rules",
        of: None,
        calls: &[],
        items: "rules",
        item_id: "id",
        entries: None,
    }),
};
///`create_bot_message`: Send a message from the helpdesk bot to a user.
pub const CREATE_BOT_MESSAGE: Operation = Operation {
    id: "create_bot_message",
    method: Method::Post,
    path: "/open-apis/helpdesk/v1/message",
    summary: "Send a message from the helpdesk bot to a user.",
    tokens: &[TokenKind::Tenant],
    parameters: &[
        Parameter {
            name: "user_id_type",
            location: Location::Query,
            required: false,
            kind: ValueKind::String,
            array: false,
            minimum: None,
            maximum: None,
            description: "The kind of `receiver_id`: `open_id` (the default), `union_id` or `user_id` (which needs the scope `contact:user.employee_id:readonly`).",
        },
    ],
    body: Body::Required,
    pagination: None,
    idempotent: false,
    binary: false,
    rate_limit: RateLimit {
        per_second: None,
        per_minute: Some(100),
    },
    export: None,
};
///`subscribe_events`: Subscribe to helpdesk events.
pub const SUBSCRIBE_EVENTS: Operation = Operation {
    id: "subscribe_events",
    method: Method::Post,
    path: "/open-apis/helpdesk/v1/events/subscribe",
    summary: "Subscribe to helpdesk events.",
    tokens: &[TokenKind::Tenant],
    parameters: &[],
    body: Body::Required,
    pagination: None,
    idempotent: true,
    binary: false,
    rate_limit: RateLimit {
        per_second: None,
        per_minute: None,
    },
    export: None,
};
///`unsubscribe_events`: Unsubscribe from helpdesk events.
pub const UNSUBSCRIBE_EVENTS: Operation = Operation {
    id: "unsubscribe_events",
    method: Method::Post,
    path: "/open-apis/helpdesk/v1/events/unsubscribe",
    summary: "Unsubscribe from helpdesk events.",
    tokens: &[TokenKind::Tenant],
    parameters: &[],
    body: Body::Required,
    pagination: None,
    idempotent: true,
    binary: false,
    rate_limit: RateLimit {
        per_second: None,
        per_minute: None,
    },
    export: None,
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
    export: None,
};
/// Every operation of the spec, in its order.
pub const ALL: &[&Operation] = &[
    &LIST_TICKETS,
    &GET_TICKET,
    &UPDATE_TICKET,
    &LIST_TICKET_MESSAGES,
    &CREATE_TICKET_MESSAGE,
    &ANSWER_USER_QUERY,
    &LIST_CUSTOMIZED_FIELDS,
    &START_SERVICE,
    &GET_TICKET_IMAGE,
    &CREATE_TICKET_CUSTOMIZED_FIELD,
    &LIST_TICKET_CUSTOMIZED_FIELDS,
    &GET_TICKET_CUSTOMIZED_FIELD,
    &PATCH_TICKET_CUSTOMIZED_FIELD,
    &DELETE_TICKET_CUSTOMIZED_FIELD,
    &CREATE_CATEGORY,
    &LIST_CATEGORIES,
    &GET_CATEGORY,
    &PATCH_CATEGORY,
    &DELETE_CATEGORY,
    &CREATE_FAQ,
    &LIST_FAQS,
    &SEARCH_FAQS,
    &GET_FAQ,
    &PATCH_FAQ,
    &DELETE_FAQ,
    &GET_FAQ_IMAGE,
    &CREATE_NOTIFICATION,
    &GET_NOTIFICATION,
    &PATCH_NOTIFICATION,
    &PREVIEW_NOTIFICATION,
    &SUBMIT_APPROVE_NOTIFICATION,
    &CANCEL_APPROVE_NOTIFICATION,
    &EXECUTE_SEND_NOTIFICATION,
    &CANCEL_SEND_NOTIFICATION,
    &LIST_AGENT_EMAILS,
    &PATCH_AGENT,
    &GET_AGENT_SCHEDULES,
    &PATCH_AGENT_SCHEDULES,
    &DELETE_AGENT_SCHEDULES,
    &CREATE_AGENT_SCHEDULES,
    &LIST_AGENT_SCHEDULES,
    &CREATE_AGENT_SKILL,
    &LIST_AGENT_SKILLS,
    &GET_AGENT_SKILL,
    &PATCH_AGENT_SKILL,
    &DELETE_AGENT_SKILL,
    &LIST_AGENT_SKILL_RULES,
    &CREATE_BOT_MESSAGE,
    &SUBSCRIBE_EVENTS,
    &UNSUBSCRIBE_EVENTS,
    &TENANT_ACCESS_TOKEN_INTERNAL,
];
///`helpdesk.notification.approve_v1`: A push notification was reviewed (helpdesk.notification.approve_v1).
pub const ON_NOTIFICATION_APPROVE_V1: EventKind = EventKind {
    event_type: "helpdesk.notification.approve_v1",
    summary: "A push notification was reviewed (helpdesk.notification.approve_v1).",
    subscribe: None,
};
///`helpdesk.ticket.created_v1`: A ticket was created (helpdesk.ticket.created_v1).
pub const ON_TICKET_CREATED_V1: EventKind = EventKind {
    event_type: "helpdesk.ticket.created_v1",
    summary: "A ticket was created (helpdesk.ticket.created_v1).",
    subscribe: Some(Subscription {
        event_type: "helpdesk.ticket",
        subtype: "ticket.created_v1",
    }),
};
///`helpdesk.ticket.updated_v1`: A ticket changed (helpdesk.ticket.updated_v1).
pub const ON_TICKET_UPDATED_V1: EventKind = EventKind {
    event_type: "helpdesk.ticket.updated_v1",
    summary: "A ticket changed (helpdesk.ticket.updated_v1).",
    subscribe: Some(Subscription {
        event_type: "helpdesk.ticket",
        subtype: "ticket.updated_v1",
    }),
};
///`helpdesk.ticket_message.created_v1`: A message was added to a ticket (helpdesk.ticket_message.created_v1).
pub const ON_TICKET_MESSAGE_CREATED_V1: EventKind = EventKind {
    event_type: "helpdesk.ticket_message.created_v1",
    summary: "A message was added to a ticket (helpdesk.ticket_message.created_v1).",
    subscribe: Some(Subscription {
        event_type: "helpdesk.ticket_message",
        subtype: "ticket_message.created_v1",
    }),
};
/// Every event type of the spec, by name.
pub const EVENTS: &[&EventKind] = &[
    &ON_NOTIFICATION_APPROVE_V1,
    &ON_TICKET_CREATED_V1,
    &ON_TICKET_UPDATED_V1,
    &ON_TICKET_MESSAGE_CREATED_V1,
];
/// The fields of an event (its `event`), typed by its `event_type`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum EventData {
    ///`helpdesk.notification.approve_v1`: A push notification was reviewed (helpdesk.notification.approve_v1).
    NotificationApproveV1(Box<types::NotificationApproveEvent>),
    ///`helpdesk.ticket.created_v1`: A ticket was created (helpdesk.ticket.created_v1).
    TicketCreatedV1(Box<types::TicketEventObject>),
    ///`helpdesk.ticket.updated_v1`: A ticket changed (helpdesk.ticket.updated_v1).
    TicketUpdatedV1(Box<types::TicketUpdatedEvent>),
    ///`helpdesk.ticket_message.created_v1`: A message was added to a ticket (helpdesk.ticket_message.created_v1).
    TicketMessageCreatedV1(Box<types::TicketMessageCreatedEvent>),
}
impl EventData {
    /// The `event_type` whose fields these are.
    pub fn event_type(&self) -> &'static str {
        match self {
            EventData::NotificationApproveV1(_) => "helpdesk.notification.approve_v1",
            EventData::TicketCreatedV1(_) => "helpdesk.ticket.created_v1",
            EventData::TicketUpdatedV1(_) => "helpdesk.ticket.updated_v1",
            EventData::TicketMessageCreatedV1(_) => "helpdesk.ticket_message.created_v1",
        }
    }
    /// Decodes the schema 2.0 event `json` (the whole envelope) as the type
    /// `event_type` names: `None` for a type the spec does not describe.
    ///
    /// # Errors
    ///
    /// The JSON is not an envelope of that type.
    pub fn decode(
        event_type: &str,
        json: &str,
    ) -> Option<Result<EventData, serde_json::Error>> {
        Some(
            match event_type {
                "helpdesk.notification.approve_v1" => {
                    serde_json::from_str::<types::NotificationApproveV1>(json)
                        .map(|e| EventData::NotificationApproveV1(Box::new(e.event)))
                }
                "helpdesk.ticket.created_v1" => {
                    serde_json::from_str::<types::TicketCreatedV1>(json)
                        .map(|e| EventData::TicketCreatedV1(Box::new(e.event)))
                }
                "helpdesk.ticket.updated_v1" => {
                    serde_json::from_str::<types::TicketUpdatedV1>(json)
                        .map(|e| EventData::TicketUpdatedV1(Box::new(e.event)))
                }
                "helpdesk.ticket_message.created_v1" => {
                    serde_json::from_str::<types::TicketMessageCreatedV1>(json)
                        .map(|e| EventData::TicketMessageCreatedV1(Box::new(e.event)))
                }
                _ => return None,
            },
        )
    }
}
impl Envelope for types::AgentEmailsResponse {
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
impl Envelope for types::AgentScheduleResponse {
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
impl Envelope for types::AgentSchedulesResponse {
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
impl Envelope for types::AgentSkillResponse {
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
impl Envelope for types::AgentSkillRulesResponse {
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
impl Envelope for types::AgentSkillsResponse {
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
impl Envelope for types::CategoriesResponse {
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
impl Envelope for types::CategoryResponse {
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
impl Envelope for types::CreateAgentSkillResponse {
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
impl Envelope for types::CreateCategoryResponse {
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
impl Envelope for types::CreateNotificationResponse {
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
impl Envelope for types::CustomizedFieldsResponse {
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
impl Envelope for types::EmptyResponse {
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
impl Envelope for types::FaqResponse {
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
impl Envelope for types::FaqsResponse {
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
impl Envelope for types::MessageIdResponse {
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
impl Envelope for types::NotificationResponse {
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
impl Envelope for types::StartServiceResponse {
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
impl Envelope for types::SubmitApproveNotificationResponse {
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
impl Envelope for types::TenantAccessTokenResponse {
    fn code(&self) -> i64 {
        self.code
    }
    fn msg(&self) -> Option<&str> {
        self.msg.as_deref()
    }
}
impl Envelope for types::TicketCustomizedFieldResponse {
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
impl Envelope for types::TicketCustomizedFieldsResponse {
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
