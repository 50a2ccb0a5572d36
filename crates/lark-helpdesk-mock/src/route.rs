//! Path templates of the spec (`/open-apis/helpdesk/v1/faqs/{id}/image/{image_key}`)
//! matched against request paths.

use percent_encoding::percent_decode_str;

/// A path template, split at `/`.
#[derive(Debug, Clone)]
pub(crate) struct PathTemplate {
    segments: Vec<Segment>,
}

#[derive(Debug, Clone)]
enum Segment {
    Literal(String),
    /// `prefix{name}suffix` (usually the whole segment is the parameter).
    Param {
        name: String,
        prefix: String,
        suffix: String,
    },
}

impl PathTemplate {
    pub(crate) fn parse(template: &str) -> PathTemplate {
        let segments = template
            .split('/')
            .map(|segment| {
                let param = segment.split_once('{').and_then(|(prefix, rest)| {
                    let (name, suffix) = rest.split_once('}')?;
                    Some(Segment::Param {
                        name: name.to_owned(),
                        prefix: prefix.to_owned(),
                        suffix: suffix.to_owned(),
                    })
                });
                param.unwrap_or_else(|| Segment::Literal(segment.to_owned()))
            })
            .collect();
        PathTemplate { segments }
    }

    /// How many segments are plain text: of two templates matching a path, the one with
    /// more is the more specific (`/faqs/search` before `/faqs/{id}`).
    pub(crate) fn specificity(&self) -> usize {
        self.segments
            .iter()
            .filter(|s| matches!(s, Segment::Literal(_)))
            .count()
    }

    /// The parameters of `path` (as received, percent-encoded), each percent-decoded
    /// (invalid UTF-8 replaced), or `None` when `path` does not match. A parameter
    /// matches one non-empty segment.
    pub(crate) fn captures(&self, path: &str) -> Option<Vec<(String, String)>> {
        let mut captured = Vec::new();
        let mut parts = path.split('/');
        for segment in &self.segments {
            let part = parts.next()?;
            match segment {
                Segment::Literal(text) => {
                    if part != text {
                        return None;
                    }
                }
                Segment::Param {
                    name,
                    prefix,
                    suffix,
                } => {
                    let raw = part.strip_prefix(prefix.as_str())?;
                    let raw = raw.strip_suffix(suffix.as_str())?;
                    if raw.is_empty() {
                        return None;
                    }
                    let value = percent_decode_str(raw).decode_utf8_lossy().into_owned();
                    captured.push((name.clone(), value));
                }
            }
        }
        parts.next().is_none().then_some(captured)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_are_captured_and_decoded() {
        let t = PathTemplate::parse("/v1/faqs/{id}/image/{image_key}");
        assert_eq!(
            t.captures("/v1/faqs/a%2Fb/image/img%20%FF"),
            Some(vec![
                ("id".into(), "a/b".into()),
                ("image_key".into(), "img \u{fffd}".into())
            ])
        );
        assert_eq!(t.captures("/v1/faqs//image/x"), None);
        assert_eq!(t.captures("/v1/faqs/a/image/x/y"), None);
        assert_eq!(t.captures("/v1/faqs/a/image"), None);
        assert_eq!(t.captures("/v1/faqs/a/picture/x"), None);
        assert_eq!(t.specificity(), 4);
    }

    #[test]
    fn a_parameter_may_be_part_of_a_segment() {
        let t = PathTemplate::parse("/files/{name}.png");
        assert_eq!(
            t.captures("/files/cat.png"),
            Some(vec![("name".into(), "cat".into())])
        );
        assert_eq!(t.captures("/files/.png"), None);
        assert_eq!(t.captures("/files/cat.jpg"), None);
    }
}
