//! The project's extensions of OpenAPI that the fake server reads off an operation
//! (`x-pagination`, `x-resource`, `x-binary`; see the spec's `info.description`).

use serde_json::Value;

/// How a listing pages (`x-pagination`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Pagination {
    pub style: PageStyle,
    /// The array field of `data` holding a page's items.
    pub items: String,
    /// The query parameter of the page size.
    pub size_param: String,
    pub size_max: Option<i64>,
    pub size_default: Option<i64>,
    /// The field of `data` counting the items the query selects, if any.
    pub total: Option<String>,
}

/// The two styles of paging of the platform.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PageStyle {
    /// `page` (from 1) and `page_size` in, `total` out.
    Page { page_param: String },
    /// An opaque token in, `has_more` and the next token out.
    Token {
        token_param: String,
        next_token: String,
        has_more: String,
    },
}

/// What an operation does to a collection the fake server remembers (`x-resource`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ResourceOp {
    /// The collection, shared by its operations.
    pub name: String,
    pub action: Action,
    /// get/patch/delete: the path parameter naming the item.
    pub id_param: Option<String>,
    /// The field of an item holding its id.
    pub id_field: String,
    /// create/patch: the field of the request body holding the item (`None`: the body).
    pub body: Option<String>,
    /// create/get/list: the field of `data` holding the item or items (`None`: `data`
    /// itself; for a paged listing, the pagination's `items`).
    pub data: Option<String>,
}

/// The actions of `x-resource`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Action {
    Create,
    Get,
    List,
    Patch,
    Delete,
}

fn text(value: &Value, key: &str) -> Option<String> {
    value.get(key)?.as_str().map(str::to_owned)
}

fn required(value: &Value, key: &str, extension: &str) -> Result<String, String> {
    text(value, key).ok_or_else(|| format!("{extension} lacks `{key}`"))
}

impl Pagination {
    /// The `x-pagination` of an operation, `None` when it has none.
    pub(crate) fn read(operation: &Value) -> Result<Option<Pagination>, String> {
        let Some(x) = operation.get("x-pagination") else {
            return Ok(None);
        };
        const X: &str = "x-pagination";
        let style = match x.get("style").and_then(Value::as_str) {
            Some("page") => PageStyle::Page {
                page_param: required(x, "page_param", X)?,
            },
            Some("page_token") => PageStyle::Token {
                token_param: required(x, "token_param", X)?,
                next_token: required(x, "next_token", X)?,
                has_more: required(x, "has_more", X)?,
            },
            other => return Err(format!("{X} has an unknown style {other:?}")),
        };
        Ok(Some(Pagination {
            style,
            items: required(x, "items", X)?,
            size_param: required(x, "size_param", X)?,
            size_max: x.get("size_max").and_then(Value::as_i64),
            size_default: x.get("size_default").and_then(Value::as_i64),
            total: text(x, "total"),
        }))
    }
}

impl ResourceOp {
    /// The `x-resource` of an operation, `None` when it has none.
    pub(crate) fn read(operation: &Value) -> Result<Option<ResourceOp>, String> {
        let Some(x) = operation.get("x-resource") else {
            return Ok(None);
        };
        const X: &str = "x-resource";
        let action = match x.get("action").and_then(Value::as_str) {
            Some("create") => Action::Create,
            Some("get") => Action::Get,
            Some("list") => Action::List,
            Some("patch") => Action::Patch,
            Some("delete") => Action::Delete,
            other => return Err(format!("{X} has an unknown action {other:?}")),
        };
        let id_param = text(x, "id_param");
        if matches!(action, Action::Get | Action::Patch | Action::Delete) && id_param.is_none() {
            return Err(format!("{X} of a {action:?} lacks `id_param`"));
        }
        Ok(Some(ResourceOp {
            name: required(x, "name", X)?,
            action,
            id_param,
            id_field: required(x, "id_field", X)?,
            body: text(x, "body"),
            data: text(x, "data"),
        }))
    }
}

/// Whether an operation answers bytes rather than JSON: `x-binary: true`, or a 200 answer
/// whose only content is not JSON.
pub(crate) fn is_binary(operation: &Value, ok_content: Option<&Value>) -> bool {
    if let Some(flag) = operation.get("x-binary").and_then(Value::as_bool) {
        return flag;
    }
    ok_content
        .and_then(Value::as_object)
        .is_some_and(|c| !c.is_empty() && !c.contains_key("application/json"))
}
