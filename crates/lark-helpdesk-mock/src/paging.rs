//! Pages of a listing (`x-pagination`): page numbers with a `total`, or opaque page
//! tokens with `has_more`.

use serde_json::{Map, Value};

use crate::conventions::{PageStyle, Pagination};
use crate::data::SplitMix64;
use crate::params::{Query, quoted};

/// The page size when neither `x-pagination` nor the parameter says.
const FALLBACK_SIZE: i64 = 20;

/// Writes into `data` (a listing's `data` object) the page of `items` that `query`
/// asks for: the page's items, and `total`, or `has_more` and the next token (absent
/// on the last page, as the platform leaves it out). Tokens are opaque, bound to `salt`
/// (the server's), and a token this server did not give is refused.
pub(crate) fn page_into(
    pagination: &Pagination,
    query: &Query,
    default_size: Option<i64>,
    items: &[Value],
    salt: u64,
    data: &mut Map<String, Value>,
) -> Result<(), String> {
    let size = match query.last(&pagination.size_param) {
        Some(text) => text.trim().parse::<i64>().map_err(|_| {
            format!(
                "query parameter {}: {} is not an integer",
                pagination.size_param,
                quoted(text)
            )
        })?,
        None => pagination
            .size_default
            .or(default_size)
            .unwrap_or(FALLBACK_SIZE),
    };
    if size < 1 || pagination.size_max.is_some_and(|max| size > max) {
        return Err(format!(
            "query parameter {}: {size} is not within 1 and {}",
            pagination.size_param,
            pagination.size_max.unwrap_or(i64::MAX)
        ));
    }
    let size = usize::try_from(size).unwrap_or(usize::MAX);
    let start = match &pagination.style {
        PageStyle::Page { page_param } => {
            let page = match query.last(page_param) {
                Some(text) => text
                    .trim()
                    .parse::<i64>()
                    .ok()
                    .filter(|p| *p >= 1)
                    .ok_or_else(|| {
                        format!(
                            "query parameter {page_param}: {} is not a page number (from 1)",
                            quoted(text)
                        )
                    })?,
                None => 1,
            };
            usize::try_from(page - 1)
                .unwrap_or(usize::MAX)
                .saturating_mul(size)
        }
        PageStyle::Token { token_param, .. } => match query.last(token_param) {
            None | Some("") => 0,
            Some(token) => decode(token, salt).ok_or_else(|| {
                format!(
                    "query parameter {token_param}: {} is not a page token of this listing",
                    quoted(token)
                )
            })?,
        },
    }
    .min(items.len());
    let end = start.saturating_add(size).min(items.len());
    data.insert(
        pagination.items.clone(),
        Value::Array(items[start..end].to_vec()),
    );
    if let Some(total) = &pagination.total {
        data.insert(total.clone(), Value::from(items.len()));
    }
    if let PageStyle::Token {
        next_token,
        has_more,
        ..
    } = &pagination.style
    {
        let more = end < items.len();
        data.insert(has_more.clone(), Value::Bool(more));
        if more {
            data.insert(next_token.clone(), Value::String(encode(end, salt)));
        } else {
            data.remove(next_token);
        }
    }
    Ok(())
}

/// The token of the page starting at `offset`: 32 hex digits, the offset masked and a
/// check of it, both from `salt`.
fn encode(offset: usize, salt: u64) -> String {
    let offset = offset as u64;
    format!("{:016x}{:016x}", offset ^ mask(salt), check(salt, offset))
}

fn decode(token: &str, salt: u64) -> Option<usize> {
    if token.len() != 32 || !token.is_ascii() {
        return None;
    }
    let masked = u64::from_str_radix(&token[..16], 16).ok()?;
    let sum = u64::from_str_radix(&token[16..], 16).ok()?;
    let offset = masked ^ mask(salt);
    (check(salt, offset) == sum).then(|| usize::try_from(offset).ok())?
}

fn mask(salt: u64) -> u64 {
    SplitMix64::new(salt).next_u64()
}

fn check(salt: u64, offset: u64) -> u64 {
    SplitMix64::new(salt ^ offset.rotate_left(17) ^ 0x5041_4745_544f_4b45).next_u64()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn token_style() -> Pagination {
        Pagination {
            style: PageStyle::Token {
                token_param: "page_token".into(),
                next_token: "next_page_token".into(),
                has_more: "has_more".into(),
            },
            items: "items".into(),
            size_param: "page_size".into(),
            size_max: Some(2),
            size_default: Some(2),
            total: None,
        }
    }

    fn query(q: &str) -> Query {
        Query::check(&url::Url::parse(&format!("http://h/?{q}")).unwrap(), &[]).unwrap()
    }

    #[test]
    fn tokens_walk_every_item_once_and_forged_ones_are_refused() {
        let items: Vec<Value> = (0..5).map(|i| json!(i)).collect();
        let mut seen = Vec::new();
        let mut q = String::new();
        loop {
            let mut data = Map::new();
            page_into(&token_style(), &query(&q), None, &items, 42, &mut data).unwrap();
            seen.extend(data["items"].as_array().unwrap().iter().cloned());
            if data["has_more"] == false {
                assert!(!data.contains_key("next_page_token"));
                break;
            }
            q = format!("page_token={}", data["next_page_token"].as_str().unwrap());
        }
        assert_eq!(seen, items);
        assert_eq!(decode(&encode(4, 42), 42), Some(4));
        assert_eq!(decode(&encode(4, 42), 43), None);
        for forged in [
            "x",
            "00000000000000000000000000000000",
            "é".repeat(16).as_str(),
        ] {
            let mut data = Map::new();
            let refused = page_into(
                &token_style(),
                &query(&format!("page_token={forged}")),
                None,
                &items,
                42,
                &mut data,
            );
            assert!(refused.unwrap_err().contains("page_token"));
        }
        let mut data = Map::new();
        let big = page_into(
            &token_style(),
            &query("page_size=3"),
            None,
            &items,
            42,
            &mut data,
        );
        assert!(big.unwrap_err().contains("within 1 and 2"));
    }
}
