//! The client of a real endpoint: credentials from flags, secret files and `LARK_*`.

use std::path::Path;

use lark_helpdesk::{Client, ClientBuilder, env};

use crate::args::Global;
use crate::exit::CliError;

/// Reads a secret from a file, without its trailing newline.
pub(crate) fn read_secret(flag: &str, path: &Path) -> Result<String, CliError> {
    let text = std::fs::read_to_string(path).map_err(|e| CliError::Usage {
        message: format!("cannot read {flag} {}: {e}", path.display()),
        hint: None,
    })?;
    let secret = text.trim_end_matches(['\n', '\r']);
    if secret.is_empty() {
        return Err(CliError::Usage {
            message: format!("{flag} {} is empty", path.display()),
            hint: None,
        });
    }
    Ok(secret.to_owned())
}

/// The settings that flags give, each overriding its `LARK_*` variable.
#[derive(Default)]
struct Overrides {
    base_url: Option<String>,
    app_id: Option<String>,
    app_secret: Option<String>,
    tenant_access_token: Option<String>,
    user_access_token: Option<String>,
    helpdesk_id: Option<String>,
    helpdesk_token: Option<String>,
}

impl Overrides {
    fn read(global: &Global) -> Result<Self, CliError> {
        let file = |flag: &str, path: &Option<std::path::PathBuf>| {
            path.as_deref().map(|p| read_secret(flag, p)).transpose()
        };
        Ok(Overrides {
            base_url: global.base_url.clone(),
            app_id: global.app_id.clone(),
            app_secret: file("--app-secret-file", &global.app_secret_file)?,
            tenant_access_token: file(
                "--tenant-access-token-file",
                &global.tenant_access_token_file,
            )?,
            user_access_token: file("--user-access-token-file", &global.user_access_token_file)?,
            helpdesk_id: global.helpdesk_id.clone(),
            helpdesk_token: file("--helpdesk-token-file", &global.helpdesk_token_file)?,
        })
    }

    /// The value of variable `name`: the flag's, else the environment's (through
    /// `env_lookup`). A tenant token given by file shadows app credentials of the
    /// environment, so that the flag wins as flags do.
    fn lookup(&self, name: &str, env_lookup: &impl Fn(&str) -> Option<String>) -> Option<String> {
        let flag = match name {
            env::BASE_URL => &self.base_url,
            env::APP_ID => &self.app_id,
            env::APP_SECRET => &self.app_secret,
            env::TENANT_ACCESS_TOKEN => &self.tenant_access_token,
            env::USER_ACCESS_TOKEN => &self.user_access_token,
            env::HELPDESK_ID => &self.helpdesk_id,
            env::HELPDESK_TOKEN => &self.helpdesk_token,
            _ => &None,
        };
        if flag.is_some() {
            return flag.clone();
        }
        let app_flags = self.app_id.is_some() || self.app_secret.is_some();
        if matches!(name, env::APP_ID | env::APP_SECRET)
            && self.tenant_access_token.is_some()
            && !app_flags
        {
            return None;
        }
        env_lookup(name)
    }
}

/// What is missing, as a usage error naming the variables and suggesting `--mock`;
/// `None` when a token source and a helpdesk credential are both (at least partly) set,
/// leaving half-set pairs to the SDK's own messages.
fn missing(lookup: &impl Fn(&str) -> Option<String>) -> Option<CliError> {
    let set = |name| lookup(name).is_some();
    let token = set(env::APP_ID)
        || set(env::APP_SECRET)
        || set(env::TENANT_ACCESS_TOKEN)
        || set(env::USER_ACCESS_TOKEN);
    let helpdesk = set(env::HELPDESK_ID) || set(env::HELPDESK_TOKEN);
    let mut parts = Vec::new();
    if !token {
        parts.push(format!(
            "no access token: set {} and {} (a self-built app; or --app-id and \
             --app-secret-file), or {} (or --tenant-access-token-file); {} (or \
             --user-access-token-file) for the operations that take a user's token",
            env::APP_ID,
            env::APP_SECRET,
            env::TENANT_ACCESS_TOKEN,
            env::USER_ACCESS_TOKEN
        ));
    }
    if !helpdesk {
        parts.push(format!(
            "no helpdesk credential: set {} and {} (or --helpdesk-id and --helpdesk-token-file)",
            env::HELPDESK_ID,
            env::HELPDESK_TOKEN
        ));
    }
    (!parts.is_empty()).then(|| CliError::Usage {
        message: format!("missing credentials: {}", parts.join("; ")),
        hint: Some(
            "to try the tool without credentials, add --mock (an embedded fake server with \
             the example ticket 6948728206392295444)"
                .into(),
        ),
    })
}

/// Where `check` sends its requests and with which credentials, from the flags and the
/// `LARK_*` variables (through `lookup`): raw values, since `check` builds its requests
/// itself. `Debug` shows no secret.
pub struct Target {
    /// `scheme://host[:port]`.
    pub base_url: String,
    /// App credentials (`app_id`, `app_secret`), or a fixed tenant token.
    pub token: TokenSource,
    /// The helpdesk credential.
    pub helpdesk: lark_helpdesk::HelpdeskCredential,
    /// A user access token, for the operations that take one (`None`: those that need
    /// one are not called).
    pub user_token: Option<String>,
}

/// How `check` gets its tenant access token.
pub enum TokenSource {
    /// From the token endpoint, for this app.
    App {
        /// The app id.
        app_id: String,
        /// The app secret.
        app_secret: String,
    },
    /// Given.
    Fixed(String),
}

impl std::fmt::Debug for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let token = match &self.token {
            TokenSource::App { app_id, .. } => format!("app {app_id}"),
            TokenSource::Fixed(_) => "a fixed tenant token".into(),
        };
        f.debug_struct("Target")
            .field("base_url", &self.base_url)
            .field("token", &token)
            .field("helpdesk", &self.helpdesk)
            .field(
                "user_token",
                &self.user_token.as_ref().map(|_| "a user access token"),
            )
            .finish()
    }
}

/// The [`Target`] of the flags and the `LARK_*` environment variables.
pub fn target(global: &Global) -> Result<Target, CliError> {
    let overrides = Overrides::read(global)?;
    let env_lookup = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    target_with(|name| overrides.lookup(name, &env_lookup))
}

/// The [`Target`] that `lookup` describes.
pub fn target_with(lookup: impl Fn(&str) -> Option<String>) -> Result<Target, CliError> {
    if let Some(e) = missing(&lookup) {
        return Err(e);
    }
    let base_url = lark_helpdesk::validate_base_url(
        &lookup(env::BASE_URL).unwrap_or_else(|| lark_helpdesk::FEISHU_BASE_URL.into()),
    )?;
    let usage = |message: String| CliError::Usage {
        message,
        hint: None,
    };
    let token = match (
        lookup(env::APP_ID),
        lookup(env::APP_SECRET),
        lookup(env::TENANT_ACCESS_TOKEN),
    ) {
        (Some(app_id), Some(app_secret), _) => TokenSource::App { app_id, app_secret },
        (None, None, Some(token)) => TokenSource::Fixed(token),
        _ => {
            return Err(usage(format!(
                "set both {} and {}, or {}",
                env::APP_ID,
                env::APP_SECRET,
                env::TENANT_ACCESS_TOKEN
            )));
        }
    };
    let (Some(id), Some(secret)) = (lookup(env::HELPDESK_ID), lookup(env::HELPDESK_TOKEN)) else {
        return Err(usage(format!(
            "set both {} and {}",
            env::HELPDESK_ID,
            env::HELPDESK_TOKEN
        )));
    };
    let helpdesk = lark_helpdesk::HelpdeskCredential::new(id, secret)?;
    Ok(Target {
        base_url,
        token,
        helpdesk,
        user_token: lookup(env::USER_ACCESS_TOKEN),
    })
}

/// A client from the flags and the `LARK_*` environment variables.
pub fn client(global: &Global) -> Result<Client, CliError> {
    client_with(global, |name| {
        std::env::var(name).ok().filter(|v| !v.is_empty())
    })
}

/// [`client`], reading variables through `env_lookup`.
fn client_with(
    global: &Global,
    env_lookup: impl Fn(&str) -> Option<String>,
) -> Result<Client, CliError> {
    let overrides = Overrides::read(global)?;
    let lookup = |name: &str| overrides.lookup(name, &env_lookup);
    if let Some(e) = missing(&lookup) {
        return Err(e);
    }
    let mut builder = ClientBuilder::default()
        .from_lookup(lookup)
        .limits(limits(global)?);
    if let Some(user) = crate::auth::user_tokens(&lookup) {
        builder = builder.user_token_provider(user);
    }
    Ok(builder.build()?)
}

/// The signed-in user's tokens (`auth login`) for the flags and `LARK_*` variables, when
/// no user access token is given.
pub fn signed_in_user(global: &Global) -> Result<Option<lark_helpdesk::UserTokens>, CliError> {
    let overrides = Overrides::read(global)?;
    let env_lookup = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    Ok(crate::auth::user_tokens(&|name: &str| {
        overrides.lookup(name, &env_lookup)
    }))
}

/// Runs `auth` with the flags and the `LARK_*` environment variables.
pub async fn auth(global: &Global, args: &crate::args::AuthArgs) -> Result<(), CliError> {
    let overrides = Overrides::read(global)?;
    let env_lookup = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    crate::auth::run(|name| overrides.lookup(name, &env_lookup), args).await
}

/// The limiter's settings of the command line (`--rate`).
pub fn limits(global: &Global) -> Result<lark_helpdesk::Limits, CliError> {
    match global.rate {
        Some(rate) if !(rate.is_finite() && rate > 0.0) => Err(CliError::Usage {
            message: format!("--rate {rate}: a rate is a positive number of requests a second"),
            hint: None,
        }),
        Some(rate) => Ok(lark_helpdesk::Limits::default().with_rate(rate)),
        None => Ok(lark_helpdesk::Limits::default()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::args::Cli;
    use clap::Parser;

    fn global(args: &[&str]) -> Global {
        let mut argv = vec!["lark-helpdesk"];
        argv.extend_from_slice(args);
        argv.extend_from_slice(&["messages", "1"]);
        Cli::parse_from(argv).global
    }

    fn vars(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    #[test]
    fn nothing_set_names_the_variables_and_suggests_mock() {
        let err = client_with(&global(&[]), vars(&[])).unwrap_err();
        let report = err.report();
        for needle in [
            env::APP_ID,
            env::APP_SECRET,
            env::TENANT_ACCESS_TOKEN,
            env::HELPDESK_ID,
            env::HELPDESK_TOKEN,
            "--mock",
        ] {
            assert!(report.contains(needle), "{needle}: {report}");
        }
        assert_eq!(err.exit_code(), crate::exit::USAGE);
    }

    #[test]
    fn the_environment_alone_is_enough() {
        let client = client_with(
            &global(&[]),
            vars(&[
                (env::APP_ID, "cli_a"),
                (env::APP_SECRET, "s"),
                (env::HELPDESK_ID, "1"),
                (env::HELPDESK_TOKEN, "t"),
                (env::BASE_URL, "http://127.0.0.1:9"),
            ]),
        )
        .unwrap();
        assert_eq!(client.base_url(), "http://127.0.0.1:9");
    }

    #[test]
    fn flags_and_secret_files_override_the_environment() {
        let dir = std::env::temp_dir().join(format!("lark-helpdesk-cli-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let token = dir.join("token");
        let empty = dir.join("empty");
        std::fs::write(&token, "t-from-file\r\n").unwrap();
        std::fs::write(&empty, "\n").unwrap();
        let g = global(&[
            "--base-url",
            "http://localhost:1",
            "--tenant-access-token-file",
            token.to_str().unwrap(),
            "--helpdesk-id",
            "7",
            "--helpdesk-token-file",
            token.to_str().unwrap(),
        ]);
        let overrides = Overrides::read(&g).unwrap();
        let env = vars(&[
            (env::APP_ID, "cli_env"),
            (env::BASE_URL, "https://x.example"),
        ]);
        assert_eq!(
            overrides.lookup(env::TENANT_ACCESS_TOKEN, &env).as_deref(),
            Some("t-from-file")
        );
        assert_eq!(overrides.lookup(env::APP_ID, &env), None);
        assert_eq!(
            overrides.lookup(env::BASE_URL, &env).as_deref(),
            Some("http://localhost:1")
        );
        assert!(client_with(&g, env).is_ok());

        let err = Overrides::read(&global(&["--app-secret-file", empty.to_str().unwrap()]))
            .err()
            .unwrap();
        assert!(err.report().contains("is empty"), "{}", err.report());
        let err = Overrides::read(&global(&["--app-secret-file", "/nonexistent/secret"]))
            .err()
            .unwrap();
        assert_eq!(err.exit_code(), crate::exit::USAGE);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
