//! `api`: any operation of the spec by its id, with no code of its own (the SDK's
//! [`OperationRequest`] and the spec's request schemas do the work); and `messages send`,
//! the most common write, typed.

use std::io::{self, BufWriter, IsTerminal, Read, Write};

use futures::TryStreamExt;
use lark_helpdesk::{Client, Operation, OperationRequest, ops};
use lark_helpdesk_api::spec::Spec;
use serde_json::Value;

use crate::args::{ApiArgs, SendArgs};
use crate::exit::CliError;

fn usage(message: String) -> CliError {
    CliError::Usage {
        message,
        hint: None,
    }
}

/// `api --list`: one line per operation, tab-separated: id, method, path, token kinds.
pub fn list(out: &mut impl Write) -> io::Result<()> {
    for op in ops::ALL.iter().filter(|op| !op.tokens.is_empty()) {
        let tokens: Vec<&str> = op.tokens.iter().map(|k| k.as_str()).collect();
        writeln!(
            out,
            "{}\t{}\t{}\t{}",
            op.id,
            op.method.as_str(),
            op.path,
            tokens.join(",")
        )?;
    }
    out.flush()
}

/// The operation `api` was asked for, its request laid out from the arguments, checked
/// against the spec before anything is sent.
pub fn request(client: &Client, args: &ApiArgs) -> Result<OperationRequest, CliError> {
    let id = args.operation.as_deref().unwrap_or_default();
    let mut request = client.operation_by_id(id)?;
    let operation = request.operation();
    for (name, value) in &args.param {
        request = request.param(name, value);
    }
    if let Some(body) = &args.body {
        let body = read_body(body)?;
        check_body(Spec::embedded(), operation, &body)?;
        request = request.body(&body);
    }
    if args.all && operation.pagination.is_none() && !lists(Spec::embedded(), operation) {
        return Err(usage(format!(
            "{} is not a listing: --all prints the items of one, a line each; without it, \
             the whole answer is printed",
            operation.id
        )));
    }
    Ok(request)
}

/// Whether the operation's success answers one list in its `data` (a listing that does not
/// page, as `list_categories`): `--all` then prints its items.
fn lists(spec: &Spec, operation: &Operation) -> bool {
    let Some(schema) = spec.response(operation.id, 200).and_then(|r| r.schema) else {
        return false;
    };
    let data = spec.resolve(&spec.resolve(&schema)["properties"]["data"]);
    let arrays = data["properties"]
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(_, p)| spec.resolve(p)["type"] == "array")
        .count();
    arrays == 1
}

/// The body of `--body`: JSON, or `@FILE` (`@-` for stdin).
fn read_body(argument: &str) -> Result<Value, CliError> {
    let text = match argument.strip_prefix('@') {
        Some("-") => {
            let mut text = String::new();
            io::stdin()
                .read_to_string(&mut text)
                .map_err(|e| usage(format!("cannot read the body from stdin: {e}")))?;
            text
        }
        Some(path) => std::fs::read_to_string(path)
            .map_err(|e| usage(format!("cannot read the body from {path}: {e}")))?,
        None => argument.to_owned(),
    };
    serde_json::from_str(&text).map_err(|e| usage(format!("--body is not JSON: {e}")))
}

/// Checks `body` against the operation's request schema in the spec; the error names the
/// JSON path of the first part that breaks it.
pub fn check_body(spec: &Spec, operation: &Operation, body: &Value) -> Result<(), CliError> {
    let Some((_, _, _, op)) = spec.operations().find(|(id, ..)| *id == operation.id) else {
        return Ok(());
    };
    let Some(schema) = op
        .get("requestBody")
        .map(|b| spec.resolve(b))
        .and_then(|b| b.pointer("/content/application~1json/schema"))
    else {
        return Err(usage(format!("{} takes no body", operation.id)));
    };
    let validator = jsonschema::draft4::new(&spec.json_schema(schema))
        .map_err(|e| CliError::Other(format!("the spec's schema of {}: {e}", operation.id)))?;
    if let Some(error) = validator.iter_errors(body).next() {
        let path = error.instance_path().to_string();
        return Err(CliError::Usage {
            message: format!(
                "the body of {} breaks its schema at {}: {error}",
                operation.id,
                if path.is_empty() { "/" } else { &path }
            ),
            hint: Some(format!(
                "see the request body of {} in openapi/helpdesk.yaml",
                operation.id
            )),
        });
    }
    Ok(())
}

/// Runs `api` with `client`.
pub async fn run(client: &Client, args: &ApiArgs) -> Result<(), CliError> {
    let request = request(client, args)?;
    let operation = request.operation();
    let stdout = io::stdout();
    if operation.binary {
        return download(request, args, stdout).await;
    }
    let mut out = BufWriter::new(stdout);
    if args.all {
        let mut items = request.stream();
        while let Some(item) = items.try_next().await? {
            serde_json::to_writer(&mut out, &item).map_err(io::Error::from)?;
            out.write_all(b"\n")?;
        }
    } else {
        let answer = request.send().await?;
        serde_json::to_writer_pretty(&mut out, &answer.data).map_err(io::Error::from)?;
        out.write_all(b"\n")?;
        if let Some(log_id) = &answer.log_id {
            tracing::info!(log_id, "answered");
        }
    }
    Ok(out.flush()?)
}

async fn download(
    request: OperationRequest,
    args: &ApiArgs,
    stdout: io::Stdout,
) -> Result<(), CliError> {
    let download = match &args.output {
        Some(path) => {
            // Written aside and renamed, so FILE is never half a file.
            let partial = path.with_extension("partial");
            let write_error = |source| CliError::Write {
                path: path.clone(),
                source,
            };
            let mut file = tokio::fs::File::create(&partial)
                .await
                .map_err(write_error)?;
            let download = request.download(&mut file).await;
            drop(file);
            match download {
                Ok(d) => {
                    tokio::fs::rename(&partial, path)
                        .await
                        .map_err(write_error)?;
                    d
                }
                Err(e) => {
                    let _ = tokio::fs::remove_file(&partial).await;
                    return Err(e.into());
                }
            }
        }
        None if stdout.is_terminal() => {
            return Err(CliError::Usage {
                message: format!("{} answers a file", request.operation().id),
                hint: Some("write it with --output FILE, or redirect stdout".into()),
            });
        }
        None => request.download(&mut tokio::io::stdout()).await?,
    };
    let mut err = io::stderr().lock();
    let _ = writeln!(
        err,
        "{} bytes{}{}",
        download.bytes,
        download
            .content_type
            .map(|t| format!(", {}", crate::output::printable(&t)))
            .unwrap_or_default(),
        download
            .file_name
            .map(|n| format!(", named {:?} by the server", crate::output::printable(&n)))
            .unwrap_or_default(),
    );
    Ok(())
}

/// `messages send`: a text (or rich-text) message to a ticket; prints the new message's id.
pub async fn send_message(client: &Client, args: &SendArgs) -> Result<(), CliError> {
    let (msg_type, content) = match (&args.text, &args.post) {
        (_, Some(path)) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| usage(format!("cannot read {}: {e}", path.display())))?;
            let post: Value = serde_json::from_str(&text)
                .map_err(|e| usage(format!("{} is not JSON: {e}", path.display())))?;
            ("post", post.to_string())
        }
        (Some(text), None) if !text.trim().is_empty() => {
            ("text", serde_json::json!({ "text": text }).to_string())
        }
        _ => return Err(usage("the message is empty".into())),
    };
    let answer = client
        .operation(&ops::CREATE_TICKET_MESSAGE)
        .param("ticket_id", &args.ticket_id)
        .body(&serde_json::json!({ "msg_type": msg_type, "content": content }))
        .send()
        .await?;
    let id = answer.data.get("message_id").and_then(Value::as_str);
    let mut out = io::stdout().lock();
    writeln!(out, "{}", id.unwrap_or_default())?;
    Ok(())
}
