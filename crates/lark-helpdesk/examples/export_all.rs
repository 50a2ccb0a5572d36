//! Export every message of a ticket as JSON lines, streaming pages as they come.
//!
//! ```sh
//! cargo run -p lark-helpdesk --example export_all -- 6948728206392295444 > ticket.ndjson
//! ```

use std::io::Write;

use futures::TryStreamExt;
use lark_helpdesk::Client;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let ticket = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "6948728206392295444".into());
    let client = Client::from_env()?;
    let mut messages = client.ticket_messages(ticket).concurrency(4).stream();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut count = 0u64;
    while let Some(message) = messages.try_next().await? {
        serde_json::to_writer(&mut out, &message)?;
        out.write_all(b"\n")?;
        count += 1;
    }
    out.flush()?;
    eprintln!("{count} messages");
    Ok(())
}
