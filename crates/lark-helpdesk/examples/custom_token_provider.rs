//! Tenant tokens from a source of your own (a vault, a sidecar, another service).

use std::sync::atomic::{AtomicUsize, Ordering};

use lark_helpdesk::{AccessToken, BoxFuture, Client, Error, TokenProvider};

/// Reads the token from an environment variable each time; a real one would ask a vault.
#[derive(Default)]
struct FromVault {
    refused: AtomicUsize,
}

impl TokenProvider for FromVault {
    fn token(&self) -> BoxFuture<'_, Result<AccessToken, Error>> {
        Box::pin(async {
            std::env::var("VAULT_TENANT_TOKEN")
                .map(AccessToken::new)
                .map_err(|_| Error::Config("set VAULT_TENANT_TOKEN".into()))
        })
    }

    fn invalidate(&self, _token: &AccessToken) {
        // The platform refused it: a real provider would drop it from its cache.
        self.refused.fetch_add(1, Ordering::Relaxed);
    }
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::builder()
        .token_provider(FromVault::default())
        .helpdesk_credential(
            std::env::var("LARK_HELPDESK_ID").unwrap_or_default(),
            std::env::var("LARK_HELPDESK_TOKEN").unwrap_or_default(),
        )
        .build()?;
    let page = client.ticket_messages("6948728206392295444").send().await?;
    println!("{} messages", page.messages.len());
    Ok(())
}
