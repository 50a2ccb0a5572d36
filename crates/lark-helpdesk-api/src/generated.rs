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
    ///The content, a JSON-encoded string such as `{"content":"...","msg_type":"text"}`.
    #[derive(
        ::serde::Deserialize,
        ::serde::Serialize,
        Clone,
        Debug,
        Eq,
        Hash,
        Ord,
        PartialEq,
        PartialOrd
    )]
    #[serde(transparent)]
    pub struct JsonEncodedString(pub ::std::string::String);
    impl ::std::ops::Deref for JsonEncodedString {
        type Target = ::std::string::String;
        fn deref(&self) -> &::std::string::String {
            &self.0
        }
    }
    impl ::std::convert::From<JsonEncodedString> for ::std::string::String {
        fn from(value: JsonEncodedString) -> Self {
            value.0
        }
    }
    impl ::std::convert::From<::std::string::String> for JsonEncodedString {
        fn from(value: ::std::string::String) -> Self {
            Self(value)
        }
    }
    impl ::std::fmt::Display for JsonEncodedString {
        fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
            self.0.fmt(f)
        }
    }
    impl ::std::str::FromStr for JsonEncodedString {
        type Err = ::std::convert::Infallible;
        fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
            Ok(Self(value.to_string()))
        }
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
    ///One message of a ticket (`ticket.message`).
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct TicketMessage {
        ///URL of the user's picture.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub avatar_url: ::std::option::Option<::std::string::String>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub content: ::std::option::Option<JsonEncodedString>,
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
    ///The page.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct TicketMessagesData {
        ///The messages of the ticket on this page.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub messages: ::std::option::Option<::std::vec::Vec<TicketMessage>>,
        ///Total number of messages of the ticket.
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
/**Client for Feishu / Lark Helpdesk API (ticket messages)

Hand-written from the official documentation page of "获取工单消息详情" (get ticket message details). This file is the single source of truth of the project: the generated client, the fake server and the conformance harness all read it.

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

Exchanges the app's credentials for a tenant access token. `expire` is the remaining validity in seconds (at most 7200); with less than 30 minutes left the platform hands out a new token while the old one stays valid until it expires. Failures are reported by a non-zero `code`.

Sends a `POST` request to `/open-apis/auth/v3/tenant_access_token/internal`

*/
    pub async fn tenant_access_token_internal<'a>(
        &'a self,
        body: &'a types::TenantAccessTokenRequest,
    ) -> Result<ResponseValue<types::TenantAccessTokenResponse>, Error<()>> {
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
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
}
/// Items consumers will typically use such as the Client.
pub mod prelude {
    #[allow(unused_imports)]
    pub use super::Client;
}
