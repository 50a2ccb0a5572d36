// @generated from openapi/helpdesk.yaml by `cargo xtask regen`; do not edit.
//
// Change the spec (or the generator settings in xtask/src/regen.rs) and run
// `cargo xtask regen` instead. CI runs `cargo xtask regen --check`.

#[allow(unused_imports)]
pub use progenitor_client::{ByteStream, ClientInfo, Error, ResponseValue};
#[allow(unused_imports)]
use progenitor_client::{encode_path, ClientHooks, OperationInfo, RequestBuilderExt};
/// Types used as operation parameters and responses.
#[allow(clippy::all)]
pub mod types {
    ///A custom field of a ticket, as displayed.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct CustomizedFieldDisplayItem {
        ///Its label.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub display_name: ::std::option::Option<::std::string::String>,
        ///Whether it is editable.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub editable: ::std::option::Option<bool>,
        ///Field ID.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub id: ::std::option::Option<::std::string::String>,
        ///Its key.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub key_name: ::std::option::Option<::std::string::String>,
        ///Its position.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub position: ::std::option::Option<i64>,
        ///Whether it is required.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub required: ::std::option::Option<bool>,
        ///Its value.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub value: ::std::option::Option<::std::string::String>,
    }
    ///Troubleshooting details some error answers carry.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct ErrorDetail {
        ///The log id of the request.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub log_id: ::std::option::Option<::std::string::String>,
        ///A link to the platform's troubleshooting page.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub troubleshooter: ::std::option::Option<::std::string::String>,
    }
    ///The envelope of a failed call.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    pub struct ErrorResponse {
        ///Error code of the platform.
        pub code: i64,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub error: ::std::option::Option<ErrorDetail>,
        ///Error description.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub msg: ::std::option::Option<::std::string::String>,
    }
    ///A text in several languages.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct I18n {
        ///English.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub en_us: ::std::option::Option<::std::string::String>,
        ///Japanese.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub ja_jp: ::std::option::Option<::std::string::String>,
        ///Chinese.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub zh_cn: ::std::option::Option<::std::string::String>,
    }
    ///The credentials of a self-built app.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    pub struct TenantAccessTokenRequest {
        ///App ID.
        pub app_id: ::std::string::String,
        ///App secret.
        pub app_secret: ::std::string::String,
    }
    ///A tenant access token and its validity.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    pub struct TenantAccessTokenResponse {
        ///Error code; anything but 0 is a failure.
        pub code: i64,
        ///Remaining validity in seconds.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub expire: ::std::option::Option<i64>,
        ///Error description.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub msg: ::std::option::Option<::std::string::String>,
        ///The token, `t-...`.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub tenant_access_token: ::std::option::Option<::std::string::String>,
    }
    ///A helpdesk ticket. Every field but `ticket_id`, `status` and `created_at` may be absent, and any may be null. Times are Unix milliseconds (`updated_at` is -1 when the ticket was never updated); durations are seconds, except `agent_service_duration` (minutes).
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct Ticket {
        ///Actual processing time, seconds.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub actual_processing_time: ::std::option::Option<i64>,
        ///When an agent joined, Unix milliseconds.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub agent_entry_time: ::std::option::Option<i64>,
        ///Time to the agent's first answer, seconds.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub agent_first_response_duration: ::std::option::Option<i64>,
        ///When an agent first answered, Unix milliseconds.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub agent_first_response_time: ::std::option::Option<i64>,
        ///When an agent last answered, Unix milliseconds.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub agent_last_response_time: ::std::option::Option<i64>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub agent_owner: ::std::option::Option<TicketUser>,
        ///Time to resolution by an agent, seconds.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub agent_resolution_time: ::std::option::Option<i64>,
        ///Agent service time, minutes.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub agent_service_duration: ::std::option::Option<f64>,
        ///The agents of the ticket.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub agents: ::std::option::Option<::std::vec::Vec<TicketUser>>,
        ///Bot service time, seconds.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub bot_service_duration: ::std::option::Option<i64>,
        ///9 Open API, 2 QR code, 14 share, 13 search; other values: other channels.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub channel: ::std::option::Option<i32>,
        ///Closing time, Unix milliseconds.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub closed_at: ::std::option::Option<i64>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub closed_by: ::std::option::Option<TicketUser>,
        ///The collaborators of the ticket.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub collaborators: ::std::option::Option<::std::vec::Vec<TicketUser>>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub comments: ::std::option::Option<TicketComments>,
        ///Creation time, Unix milliseconds.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub created_at: ::std::option::Option<i64>,
        ///The ticket's custom fields (absent when there are none).
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub customized_fields: ::std::option::Option<
            ::std::vec::Vec<CustomizedFieldDisplayItem>,
        >,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub dissatisfaction_reason: ::std::option::Option<I18n>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub guest: ::std::option::Option<TicketUser>,
        ///Helpdesk ID.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub helpdesk_id: ::std::option::Option<::std::string::String>,
        ///1 dissatisfied, 2 neutral, 3 satisfied.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub score: ::std::option::Option<i32>,
        ///1 not solved, 2 solved.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub solve: ::std::option::Option<i32>,
        ///1 created, 2 in progress, 3 queued, 4 pending, 5 waiting for the user, 50 closed by the bot, 51 closed by an agent, 52 closed by the user.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub status: ::std::option::Option<i32>,
        ///The ticket's tags (sent by newer versions of the platform).
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub tags: ::std::option::Option<::std::vec::Vec<TicketTag>>,
        ///Ticket ID.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub ticket_id: ::std::option::Option<::std::string::String>,
        ///1 bot, 2 human.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub ticket_type: ::std::option::Option<i32>,
        ///Last update, Unix milliseconds; -1 when there is none.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub updated_at: ::std::option::Option<i64>,
    }
    ///A comment on a ticket.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct TicketComment {
        ///The comment.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub content: ::std::option::Option<::std::string::String>,
        ///Creation time, Unix milliseconds.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub created_at: ::std::option::Option<i64>,
        ///Comment ID.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub id: ::std::option::Option<i64>,
        ///URL of the author's picture.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub user_avatar_url: ::std::option::Option<::std::string::String>,
        ///Author's ID.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub user_id: ::std::option::Option<i64>,
        ///Author's name.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub user_name: ::std::option::Option<::std::string::String>,
    }
    ///The ticket's comments: one object in the Go, Java and Python SDKs' types, an array of them in the newer Node SDK's. Both are accepted.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    #[serde(untagged)]
    pub enum TicketComments {
        TicketComment(TicketComment),
        Array(::std::vec::Vec<TicketComment>),
    }
    impl ::std::convert::From<TicketComment> for TicketComments {
        fn from(value: TicketComment) -> Self {
            Self::TicketComment(value)
        }
    }
    impl ::std::convert::From<::std::vec::Vec<TicketComment>> for TicketComments {
        fn from(value: ::std::vec::Vec<TicketComment>) -> Self {
            Self::Array(value)
        }
    }
    ///The ticket.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct TicketData {
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub ticket: ::std::option::Option<Ticket>,
    }
    ///One message of a ticket (`ticket.message`). The platform sends all eight fields (the documentation's example has each); any may be null.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct TicketMessage {
        ///URL of the user's picture.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub avatar_url: ::std::option::Option<::std::string::String>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub content: ::std::option::Option<crate::JsonEncodedString>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub created_at: ::std::option::Option<Timestamp>,
        ///Ticket message ID.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub id: ::std::option::Option<::std::string::String>,
        ///Chat message ID.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub message_id: ::std::option::Option<::std::string::String>,
        ///Message type: `text` plain text, `post` rich text, `image` image, `file` file, `media` video. Open to new values.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub message_type: ::std::option::Option<::std::string::String>,
        ///The user's open ID.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub user_id: ::std::option::Option<::std::string::String>,
        ///User name.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub user_name: ::std::option::Option<::std::string::String>,
    }
    ///The page (both fields are always sent, maybe null).
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct TicketMessagesData {
        ///The messages of the ticket on this page.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub messages: ::std::option::Option<::std::vec::Vec<TicketMessage>>,
        ///Number of messages of the ticket that the query selects: within `time_start`/`time_end` when they are sent, all of them otherwise.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub total: ::std::option::Option<i64>,
    }
    ///The envelope of a page of ticket messages.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    pub struct TicketMessagesResponse {
        ///Error code; anything but 0 is a failure.
        pub code: i64,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub data: ::std::option::Option<TicketMessagesData>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub error: ::std::option::Option<ErrorDetail>,
        ///Error description.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub msg: ::std::option::Option<::std::string::String>,
    }
    ///The envelope of one ticket.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    pub struct TicketResponse {
        ///Error code; anything but 0 is a failure.
        pub code: i64,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub data: ::std::option::Option<TicketData>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub error: ::std::option::Option<ErrorDetail>,
        ///Error description.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub msg: ::std::option::Option<::std::string::String>,
    }
    ///A tag of a ticket.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct TicketTag {
        ///Tag ID.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub id: ::std::option::Option<::std::string::String>,
        ///Tag name.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub name: ::std::option::Option<::std::string::String>,
    }
    ///A user of a ticket (guest, agent, collaborator).
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct TicketUser {
        ///URL of the user's picture.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub avatar_url: ::std::option::Option<::std::string::String>,
        ///City.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub city: ::std::option::Option<::std::string::String>,
        ///Country or region.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub country: ::std::option::Option<::std::string::String>,
        ///Department.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub department: ::std::option::Option<::std::string::String>,
        ///Email address.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub email: ::std::option::Option<::std::string::String>,
        ///User ID.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub id: ::std::option::Option<::std::string::String>,
        ///Name.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub name: ::std::option::Option<::std::string::String>,
    }
    ///The page (both fields are always sent, maybe null).
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct TicketsData {
        ///The tickets on this page.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub tickets: ::std::option::Option<::std::vec::Vec<Ticket>>,
        ///Number of tickets matching the query (for one query the platform pages through at most 10,000 of them).
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub total: ::std::option::Option<i64>,
    }
    ///The envelope of a page of tickets.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    pub struct TicketsResponse {
        ///Error code; anything but 0 is a failure.
        pub code: i64,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub data: ::std::option::Option<TicketsData>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub error: ::std::option::Option<ErrorDetail>,
        ///Error description.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub msg: ::std::option::Option<::std::string::String>,
    }
    ///Creation time, Unix milliseconds. Documented as an integer; some copies of the documentation show it as a numeric string, so both are accepted.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    #[serde(untagged)]
    pub enum Timestamp {
        Int64(i64),
        String(::std::string::String),
    }
    impl ::std::fmt::Display for Timestamp {
        fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
            match self {
                Self::Int64(x) => x.fmt(f),
                Self::String(x) => x.fmt(f),
            }
        }
    }
    impl ::std::convert::From<i64> for Timestamp {
        fn from(value: i64) -> Self {
            Self::Int64(value)
        }
    }
    /// Error types.
    pub mod error {
        /// Error from a `TryFrom` or `FromStr` implementation.
        pub struct ConversionError(::std::borrow::Cow<'static, str>);
        impl ::std::error::Error for ConversionError {}
        impl ::std::fmt::Display for ConversionError {
            fn fmt(
                &self,
                f: &mut ::std::fmt::Formatter<'_>,
            ) -> Result<(), ::std::fmt::Error> {
                ::std::fmt::Display::fmt(&self.0, f)
            }
        }
        impl ::std::fmt::Debug for ConversionError {
            fn fmt(
                &self,
                f: &mut ::std::fmt::Formatter<'_>,
            ) -> Result<(), ::std::fmt::Error> {
                ::std::fmt::Debug::fmt(&self.0, f)
            }
        }
        impl From<&'static str> for ConversionError {
            fn from(value: &'static str) -> Self {
                Self(value.into())
            }
        }
        impl From<String> for ConversionError {
            fn from(value: String) -> Self {
                Self(value.into())
            }
        }
    }
}
#[derive(Clone, Debug)]
/**Client for Feishu / Lark Helpdesk API (tickets and their messages)

Hand-written from the official documentation pages of the Helpdesk v1 ticket endpoints ("查询全部工单详情" list tickets, "查询指定工单详情" get a ticket, "获取工单消息详情" get ticket messages) and the platform's generic error and rate-limit pages. This file is the single source of truth of the project: the generated client, the fake server, the conformance harness and `lark-helpdesk check` all read it. `x-always-sent` on an object schema lists the properties the platform sends in every answer (their value may be null): `check` fails an answer without one. They are not `required`, so that a generated client still decodes an answer that lacks them.

Version: 1.0.0*/
pub struct Client {
    pub(crate) baseurl: String,
    pub(crate) client: reqwest::Client,
    pub(crate) inner: crate::Attempt,
}
impl Client {
    /// Create a new client.
    ///
    /// `baseurl` is the base URL provided to the internal
    /// `reqwest::Client`, and should include a scheme and hostname,
    /// as well as port and a path stem if applicable.
    pub fn new(baseurl: &str, inner: crate::Attempt) -> Self {
        #[cfg(not(target_arch = "wasm32"))]
        let client = {
            let dur = ::std::time::Duration::from_secs(30u64);
            reqwest::ClientBuilder::new().connect_timeout(dur).timeout(dur)
        };
        #[cfg(target_arch = "wasm32")]
        let client = reqwest::ClientBuilder::new();
        Self::new_with_client(baseurl, client.build().unwrap(), inner)
    }
    /// Construct a new client with an existing `reqwest::Client`,
    /// allowing more control over its configuration.
    ///
    /// `baseurl` is the base URL provided to the internal
    /// `reqwest::Client`, and should include a scheme and hostname,
    /// as well as port and a path stem if applicable.
    pub fn new_with_client(
        baseurl: &str,
        client: reqwest::Client,
        inner: crate::Attempt,
    ) -> Self {
        Self {
            baseurl: baseurl.to_string(),
            client,
            inner,
        }
    }
}
impl ClientInfo<crate::Attempt> for Client {
    fn api_version() -> &'static str {
        "1.0.0"
    }
    fn baseurl(&self) -> &str {
        self.baseurl.as_str()
    }
    fn client(&self) -> &reqwest::Client {
        &self.client
    }
    fn inner(&self) -> &crate::Attempt {
        &self.inner
    }
}
const _: () = {
    #[allow(dead_code)]
    fn assert_client_hooks()
    where
        Client: ClientHooks<crate::Attempt>,
    {}
};
#[allow(clippy::all)]
impl Client {
    /**List the tickets of a helpdesk

Returns one page of the tickets matching the filters. Rate limit: 1000 requests per minute and 50 per second (either one triggers 99991400). Paging reaches at most 10,000 results in all for one query (`page * page_size` past 10,000 returns nothing more); to read more, narrow the query, preferably by time. Whether `total` then reports the true count or 10,000 is not documented. The time filters are Unix milliseconds and go in pairs: a start without an end (or the reverse) is not a filter the platform documents. The response has no `has_more`: the last page is the one where `page * page_size >= total`, or a page that is short or empty.

Sends a `GET` request to `/open-apis/helpdesk/v1/tickets`

Arguments:
- `agent_id`: Only tickets of this agent (user id).
- `channel`: Channel: 9 Open API, 2 QR code, 14 share, 13 search; other values are other channels.
- `closed_by_id`: Only tickets closed by this user (user id).
- `create_time_end`: Created at or before, Unix milliseconds (with `create_time_start`).
- `create_time_start`: Created at or after, Unix milliseconds (with `create_time_end`).
- `guest_id`: Only tickets of this user (open id).
- `guest_name`: Only tickets of a user of this name.
- `page`: Page number, starting at 1.
- `page_size`: Number of tickets per page, at most 200, 20 by default.
- `score`: Satisfaction score: 1 dissatisfied, 2 neutral, 3 satisfied.
- `solved`: 1 not solved, 2 solved.
- `status_list`: Only tickets in one of these statuses (1 created, 2 in progress, 3 queued, 4 pending, 5 waiting for the user, 50 closed by the bot, 51 closed by an agent, 52 closed by the user); the key is repeated for each value.
- `tags`: Only tickets with one of these tags; the key is repeated for each value.
- `ticket_id`: Only this ticket.
- `type_`: Ticket type: 1 bot, 2 human.
- `update_time_end`: Updated at or before, Unix milliseconds (with `update_time_start`).
- `update_time_start`: Updated at or after, Unix milliseconds (with `update_time_end`).
*/
    pub async fn list_tickets<'a>(
        &'a self,
        agent_id: Option<&'a str>,
        channel: Option<i32>,
        closed_by_id: Option<&'a str>,
        create_time_end: Option<i64>,
        create_time_start: Option<i64>,
        guest_id: Option<&'a str>,
        guest_name: Option<&'a str>,
        page: Option<::std::num::NonZeroU64>,
        page_size: Option<::std::num::NonZeroU64>,
        score: Option<i32>,
        solved: Option<i32>,
        status_list: Option<&'a ::std::vec::Vec<i32>>,
        tags: Option<&'a ::std::vec::Vec<::std::string::String>>,
        ticket_id: Option<&'a str>,
        type_: Option<i32>,
        update_time_end: Option<i64>,
        update_time_start: Option<i64>,
    ) -> Result<ResponseValue<types::TicketsResponse>, Error<types::ErrorResponse>> {
        let url = format!("{}/open-apis/helpdesk/v1/tickets", self.baseurl,);
        let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
        header_map
            .append(
                ::reqwest::header::HeaderName::from_static("api-version"),
                ::reqwest::header::HeaderValue::from_static(Self::api_version()),
            );
        #[allow(unused_mut)]
        let mut request = self
            .client
            .get(url)
            .header(
                ::reqwest::header::ACCEPT,
                ::reqwest::header::HeaderValue::from_static("application/json"),
            )
            .query(&progenitor_client::QueryParam::new("agent_id", &agent_id))
            .query(&progenitor_client::QueryParam::new("channel", &channel))
            .query(&progenitor_client::QueryParam::new("closed_by_id", &closed_by_id))
            .query(
                &progenitor_client::QueryParam::new("create_time_end", &create_time_end),
            )
            .query(
                &progenitor_client::QueryParam::new(
                    "create_time_start",
                    &create_time_start,
                ),
            )
            .query(&progenitor_client::QueryParam::new("guest_id", &guest_id))
            .query(&progenitor_client::QueryParam::new("guest_name", &guest_name))
            .query(&progenitor_client::QueryParam::new("page", &page))
            .query(&progenitor_client::QueryParam::new("page_size", &page_size))
            .query(&progenitor_client::QueryParam::new("score", &score))
            .query(&progenitor_client::QueryParam::new("solved", &solved))
            .query(&progenitor_client::QueryParam::new("status_list", &status_list))
            .query(&progenitor_client::QueryParam::new("tags", &tags))
            .query(&progenitor_client::QueryParam::new("ticket_id", &ticket_id))
            .query(&progenitor_client::QueryParam::new("type", &type_))
            .query(
                &progenitor_client::QueryParam::new("update_time_end", &update_time_end),
            )
            .query(
                &progenitor_client::QueryParam::new(
                    "update_time_start",
                    &update_time_start,
                ),
            )
            .headers(header_map)
            .build()?;
        let info = OperationInfo {
            operation_id: "list_tickets",
        };
        self.pre(&mut request, &info).await?;
        let result = self.exec(request, &info).await;
        self.post(&result, &info).await?;
        let response = result?;
        match response.status().as_u16() {
            200u16 => ResponseValue::from_response(response).await,
            400u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            401u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            403u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            429u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            500u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
    /**Get one ticket of a helpdesk

Returns the ticket. Rate limit: 10 requests per second. Only self-built apps may call it, with the scope `helpdesk:all:readonly` and the helpdesk credential header.

Sends a `GET` request to `/open-apis/helpdesk/v1/tickets/{ticket_id}`

Arguments:
- `ticket_id`: Ticket ID.
*/
    pub async fn get_ticket<'a>(
        &'a self,
        ticket_id: &'a str,
    ) -> Result<ResponseValue<types::TicketResponse>, Error<types::ErrorResponse>> {
        let url = format!(
            "{}/open-apis/helpdesk/v1/tickets/{}", self.baseurl, encode_path(& ticket_id
            .to_string()),
        );
        let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
        header_map
            .append(
                ::reqwest::header::HeaderName::from_static("api-version"),
                ::reqwest::header::HeaderValue::from_static(Self::api_version()),
            );
        #[allow(unused_mut)]
        let mut request = self
            .client
            .get(url)
            .header(
                ::reqwest::header::ACCEPT,
                ::reqwest::header::HeaderValue::from_static("application/json"),
            )
            .headers(header_map)
            .build()?;
        let info = OperationInfo {
            operation_id: "get_ticket",
        };
        self.pre(&mut request, &info).await?;
        let result = self.exec(request, &info).await;
        self.post(&result, &info).await?;
        let response = result?;
        match response.status().as_u16() {
            200u16 => ResponseValue::from_response(response).await,
            400u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            401u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            403u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            429u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            500u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
    /**Get the messages of a helpdesk ticket

Returns one page of the messages of a helpdesk ticket. Rate limit: special frequency control (no number is published). Only self-built (custom) apps may call it; the app needs the scope `helpdesk:all:readonly` (read helpdesk resources). Besides the tenant access token, every call carries the helpdesk credential header `X-Lark-Helpdesk-Authorization`. The response has no `has_more`: the last page is the one where `page * page_size >= total`, or a page that is short or empty.

Sends a `GET` request to `/open-apis/helpdesk/v1/tickets/{ticket_id}/messages`

Arguments:
- `ticket_id`: Ticket ID.
- `page`: Page number, starting at 1.
- `page_size`: Number of messages per page, at most 200, 20 by default.
- `time_end`: End time, Unix seconds.
- `time_start`: Start time, Unix seconds.
*/
    pub async fn list_ticket_messages<'a>(
        &'a self,
        ticket_id: &'a str,
        page: Option<::std::num::NonZeroU64>,
        page_size: Option<::std::num::NonZeroU64>,
        time_end: Option<i64>,
        time_start: Option<i64>,
    ) -> Result<
        ResponseValue<types::TicketMessagesResponse>,
        Error<types::ErrorResponse>,
    > {
        let url = format!(
            "{}/open-apis/helpdesk/v1/tickets/{}/messages", self.baseurl, encode_path(&
            ticket_id.to_string()),
        );
        let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
        header_map
            .append(
                ::reqwest::header::HeaderName::from_static("api-version"),
                ::reqwest::header::HeaderValue::from_static(Self::api_version()),
            );
        #[allow(unused_mut)]
        let mut request = self
            .client
            .get(url)
            .header(
                ::reqwest::header::ACCEPT,
                ::reqwest::header::HeaderValue::from_static("application/json"),
            )
            .query(&progenitor_client::QueryParam::new("page", &page))
            .query(&progenitor_client::QueryParam::new("page_size", &page_size))
            .query(&progenitor_client::QueryParam::new("time_end", &time_end))
            .query(&progenitor_client::QueryParam::new("time_start", &time_start))
            .headers(header_map)
            .build()?;
        let info = OperationInfo {
            operation_id: "list_ticket_messages",
        };
        self.pre(&mut request, &info).await?;
        let result = self.exec(request, &info).await;
        self.post(&result, &info).await?;
        let response = result?;
        match response.status().as_u16() {
            200u16 => ResponseValue::from_response(response).await,
            400u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            401u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            403u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            429u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            500u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
    /**Get a tenant access token for a self-built app

Exchanges the app's credentials for a tenant access token. `expire` is the remaining validity in seconds (at most 7200); with less than 30 minutes left the platform hands out a new token while the old one stays valid until it expires. Failures are reported by a non-zero `code` at HTTP 200: 10014 for a wrong app secret, 10003 for a missing or malformed body.

Sends a `POST` request to `/open-apis/auth/v3/tenant_access_token/internal`

*/
    pub async fn tenant_access_token_internal<'a>(
        &'a self,
        body: &'a types::TenantAccessTokenRequest,
    ) -> Result<
        ResponseValue<types::TenantAccessTokenResponse>,
        Error<types::ErrorResponse>,
    > {
        let url = format!(
            "{}/open-apis/auth/v3/tenant_access_token/internal", self.baseurl,
        );
        let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
        header_map
            .append(
                ::reqwest::header::HeaderName::from_static("api-version"),
                ::reqwest::header::HeaderValue::from_static(Self::api_version()),
            );
        #[allow(unused_mut)]
        let mut request = self
            .client
            .post(url)
            .header(
                ::reqwest::header::ACCEPT,
                ::reqwest::header::HeaderValue::from_static("application/json"),
            )
            .json(&body)
            .headers(header_map)
            .build()?;
        let info = OperationInfo {
            operation_id: "tenant_access_token_internal",
        };
        self.pre(&mut request, &info).await?;
        let result = self.exec(request, &info).await;
        self.post(&result, &info).await?;
        let response = result?;
        match response.status().as_u16() {
            200u16 => ResponseValue::from_response(response).await,
            400u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
}
/// Items consumers will typically use such as the Client.
pub mod prelude {
    #[allow(unused_imports)]
    pub use super::Client;
}
