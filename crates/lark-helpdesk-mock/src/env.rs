//! The mock's address and credentials as the environment variables the SDK and the CLI
//! read, for a client of any kind to be pointed at it in one line.

use crate::MockHelpdesk;

/// The environment variables of a client pointed at a mock, by name: the names the
/// `lark-helpdesk` SDK (`Client::from_env`, `ClientBuilder::from_lookup`) and CLI read,
/// `LARK_USER_ACCESS_TOKEN`, the user access token of the operations that take one
/// ([`MockCredentials::user_access_token`](crate::MockCredentials::user_access_token)),
/// `LARK_ACCOUNTS_URL`, the accounts host of user sign-in (the mock's own URI, as
/// the API host's), and, for an app receiving the mock's events, `LARK_ENCRYPT_KEY` and
/// `LARK_VERIFICATION_TOKEN` (only when the mock was given them:
/// [`MockHelpdeskBuilder::encrypt_key`](crate::MockHelpdeskBuilder::encrypt_key),
/// [`MockHelpdeskBuilder::verification_token`](crate::MockHelpdeskBuilder::verification_token)).
pub const ENV_VARS: [&str; 9] = [
    "LARK_BASE_URL",
    "LARK_APP_ID",
    "LARK_APP_SECRET",
    "LARK_HELPDESK_ID",
    "LARK_HELPDESK_TOKEN",
    "LARK_USER_ACCESS_TOKEN",
    "LARK_ACCOUNTS_URL",
    "LARK_ENCRYPT_KEY",
    "LARK_VERIFICATION_TOKEN",
];

impl MockHelpdesk {
    /// The value of one of [`ENV_VARS`] for a client of this mock; `None` for any other
    /// name (so a fixed `LARK_TENANT_ACCESS_TOKEN` is never set), and for the Encrypt Key
    /// and Verification Token of a mock not given them. With the SDK,
    /// `Client::builder().from_lookup(|name| mock.env_var(name)).build()` is a client of
    /// the mock (the README shows it whole).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let mock = lark_helpdesk_mock::MockHelpdesk::start().await;
    /// assert_eq!(mock.env_var("LARK_BASE_URL"), Some(mock.uri()));
    /// assert_eq!(mock.env_var("LARK_ACCOUNTS_URL"), Some(mock.uri()));
    /// assert_eq!(mock.env_var("LARK_APP_ID").as_deref(), Some("cli_mock_app"));
    /// assert_eq!(mock.env_var("LARK_TENANT_ACCESS_TOKEN"), None);
    /// # }
    /// ```
    pub fn env_var(&self, name: &str) -> Option<String> {
        let c = self.credentials();
        Some(match name {
            "LARK_BASE_URL" => self.uri(),
            "LARK_APP_ID" => c.app_id.clone(),
            "LARK_APP_SECRET" => c.app_secret.clone(),
            "LARK_HELPDESK_ID" => c.helpdesk_id.clone(),
            "LARK_HELPDESK_TOKEN" => c.helpdesk_token.clone(),
            "LARK_USER_ACCESS_TOKEN" => c.user_access_token.clone(),
            "LARK_ACCOUNTS_URL" => self.uri(),
            "LARK_ENCRYPT_KEY" => return self.events.encrypt_key.clone(),
            "LARK_VERIFICATION_TOKEN" => return self.events.verification_token.clone(),
            _ => return None,
        })
    }

    /// Every one of [`ENV_VARS`] that has a value, with it, e.g. for a process under test:
    /// `Command::new("lark-helpdesk").envs(mock.env_vars())`.
    pub fn env_vars(&self) -> Vec<(&'static str, String)> {
        ENV_VARS
            .iter()
            .filter_map(|name| Some((*name, self.env_var(name)?)))
            .collect()
    }
}
