//! A file answer (`x-binary` in the spec: a ticket's image, a FAQ's image) streamed to a
//! writer as it arrives, never held whole.

use reqwest::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use tokio::io::{AsyncWrite, AsyncWriteExt};

use super::OperationRequest;
use crate::error::{DecodeError, Error, TransportError};

/// What a download wrote; from [`OperationRequest::download`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Download {
    /// The answer's `Content-Type` (`image/png`, ...), if it said.
    pub content_type: Option<String>,
    /// The file name of its `Content-Disposition`, if it gave one (as sent: never use it
    /// as a path without checking it).
    pub file_name: Option<String>,
    /// The bytes written.
    pub bytes: u64,
    /// The answer's log id (`X-Tt-Logid`).
    pub log_id: Option<String>,
}

impl OperationRequest {
    /// Sends the request of a file operation and streams the file into `writer`.
    ///
    /// Retries happen before the first byte is written; a body cut off midway is an
    /// [`Error::Transport`] and `writer` then holds a part of the file.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for an operation that does not answer a file, or bad
    /// parameters; [`Error::Decode`] when the platform answered JSON where a file was
    /// expected; writing errors as [`Error::Transport`]; otherwise any [`Error`] left
    /// once retries are spent.
    pub async fn download<W: AsyncWrite + Unpin + ?Sized>(
        self,
        writer: &mut W,
    ) -> Result<Download, Error> {
        let operation = self.operation.id;
        if !self.operation.binary {
            return Err(Error::invalid(
                "operation",
                format!("{operation} answers JSON, not a file: send it"),
            ));
        }
        let prepared = self.prepare()?;
        let reply = self.exchange(&prepared, None, None).await?;
        let Some(mut response) = reply.file else {
            return Err(DecodeError::of_page(
                operation,
                reply.log_id,
                "a JSON answer with code 0 where a file was expected".into(),
            ));
        };
        let header = |name| {
            response
                .headers()
                .get(name)
                .and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok())
                .map(str::to_owned)
        };
        let content_type = header(CONTENT_TYPE);
        let file_name = header(CONTENT_DISPOSITION).and_then(|d| file_name(&d));
        let mut bytes = 0u64;
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| Error::Transport(TransportError::new(operation, e)))?
        {
            writer.write_all(&chunk).await.map_err(|e| Error::Write {
                operation,
                source: e.into(),
            })?;
            bytes += chunk.len() as u64;
        }
        writer.flush().await.map_err(|e| Error::Write {
            operation,
            source: e.into(),
        })?;
        Ok(Download {
            content_type,
            file_name,
            bytes,
            log_id: reply.log_id,
        })
    }
}

/// The file name of a `Content-Disposition` value: `filename*=UTF-8''...` (decoded) or
/// `filename="..."`.
fn file_name(disposition: &str) -> Option<String> {
    let parts = disposition.split(';').map(str::trim);
    let mut plain = None;
    for part in parts {
        let Some((key, value)) = part.split_once('=') else {
            continue;
        };
        match key.trim().to_ascii_lowercase().as_str() {
            "filename*" => {
                let encoded = value.trim().split_once("''").map_or(value, |(_, v)| v);
                if let Ok(name) = percent_encoding::percent_decode_str(encoded).decode_utf8() {
                    return Some(name.into_owned()).filter(|n| !n.is_empty());
                }
            }
            "filename" => plain = Some(value.trim().trim_matches('"').to_string()),
            _ => {}
        }
    }
    plain.filter(|n| !n.is_empty())
}

#[cfg(test)]
mod tests {
    use super::file_name;

    #[test]
    fn file_names_of_both_forms() {
        assert_eq!(
            file_name(r#"attachment; filename="a b.png""#).as_deref(),
            Some("a b.png")
        );
        assert_eq!(
            file_name("attachment; filename=x.png; filename*=UTF-8''%E5%9B%BE.png").as_deref(),
            Some("图.png")
        );
        assert_eq!(file_name("inline").as_deref(), None);
        assert_eq!(file_name(r#"attachment; filename="""#).as_deref(), None);
    }
}
