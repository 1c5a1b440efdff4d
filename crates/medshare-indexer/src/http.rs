//! The read-only HTTP API. Everything it serves is public on the chain already, so any origin
//! may read it (the web app is served from elsewhere); nothing it offers writes.
//!
//! - `GET /disclosures?patient=&recipient=&basis=&status=&since=&until=&after=&limit=`: a page
//!   of rows, `{"rows": [...], "next": ...}`; days as YYYY-MM-DD (UTC), `until` inclusive.
//! - `GET /accounting?patient=&since=&until=&format=json|csv|html`: one patient's accounting.
//! - `GET /providers`: every provider's registered name and identifier, by wallet.
//! - `GET /status`: the newest transaction indexed and the rows held.

use crate::{
    accounting,
    database::Database,
    query::{DisclosureFilter, Page},
};
use axum::{
    extract::{Query, State},
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    routing::get,
    Json, Router,
};
use serde::{Deserialize, Serialize};
use std::{future::Future, sync::Arc};
use time::{macros::format_description, Date, Duration};

pub fn router(database: Arc<Database>) -> Router {
    Router::new()
        .route("/disclosures", get(disclosures))
        .route("/accounting", get(accounting))
        .route("/providers", get(providers))
        .route("/status", get(status))
        .with_state(database)
        .layer(axum::middleware::map_response(
            |mut response: Response| async {
                (response.headers_mut()).insert(
                    header::ACCESS_CONTROL_ALLOW_ORIGIN,
                    HeaderValue::from_static("*"),
                );
                response
            },
        ))
}

/// Serves the API on `listener` until `stop` completes.
pub async fn serve(
    listener: tokio::net::TcpListener,
    database: Arc<Database>,
    stop: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(database))
        .with_graceful_shutdown(stop)
        .await
}

/// A refusal in words: what was wrong and what to send instead.
struct Refusal(StatusCode, String);

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        #[derive(Serialize)]
        struct Body {
            error: String,
        }
        (self.0, Json(Body { error: self.1 })).into_response()
    }
}

fn bad_request(message: impl ToString) -> Refusal {
    Refusal(StatusCode::BAD_REQUEST, message.to_string())
}

fn unavailable(error: impl ToString) -> Refusal {
    Refusal(StatusCode::SERVICE_UNAVAILABLE, error.to_string())
}

#[derive(Deserialize)]
struct DisclosureQuery {
    patient: Option<String>,
    recipient: Option<String>,
    basis: Option<String>,
    status: Option<String>,
    since: Option<String>,
    until: Option<String>,
    after: Option<String>,
    limit: Option<u32>,
}

const BASES: [&str; 3] = ["patient", "grant", "emergency"];
const STATUSES: [&str; 5] = ["queued", "delivered", "failed", "refused", "expired"];

async fn disclosures(
    State(database): State<Arc<Database>>,
    Query(query): Query<DisclosureQuery>,
) -> Result<Json<Page>, Refusal> {
    let one_of = |name: &str, value: &Option<String>, known: &[&str]| match value {
        Some(value) if !known.contains(&value.as_str()) => Err(bad_request(format!(
            "{name} {value:?} is not one of {}",
            known.join(", ")
        ))),
        _ => Ok(()),
    };
    one_of("basis", &query.basis, &BASES)?;
    one_of("status", &query.status, &STATUSES)?;
    let filter = DisclosureFilter {
        patient: query.patient,
        recipient: query.recipient,
        basis: query.basis,
        status: query.status,
        since: query.since.as_deref().map(day_start).transpose()?,
        until: query.until.as_deref().map(day_end).transpose()?,
        after: query.after,
        limit: query.limit,
    };
    let page = (database.disclosures(&filter).await).map_err(bad_request)?;
    Ok(Json(page.map_err(unavailable)?))
}

#[derive(Deserialize)]
struct AccountingQuery {
    patient: Option<String>,
    since: Option<String>,
    until: Option<String>,
    format: Option<String>,
}

async fn accounting(
    State(database): State<Arc<Database>>,
    Query(query): Query<AccountingQuery>,
) -> Result<Response, Refusal> {
    let patient =
        (query.patient).ok_or_else(|| bad_request("name the patient: ?patient=ADDRESS"))?;
    // The rule's default period: the six years before the request.
    let since = match &query.since {
        Some(day) => day_start(day)?,
        None => (time::OffsetDateTime::now_utc() - Duration::days(6 * 365)).unix_timestamp(),
    };
    let until = match &query.until {
        Some(day) => day_end(day)?,
        None => i64::MAX,
    };
    let entries = (database.accounting(&patient, since, until).await).map_err(unavailable)?;
    let period = format!(
        "{} to {}",
        query.since.as_deref().unwrap_or("six years back"),
        query.until.as_deref().unwrap_or("today")
    );
    Ok(match query.format.as_deref().unwrap_or("json") {
        "json" => Json(entries).into_response(),
        "csv" => (
            [(header::CONTENT_TYPE, "text/csv; charset=utf-8")],
            accounting::csv(&entries),
        )
            .into_response(),
        "html" => (
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            accounting::html(&patient, &period, &entries),
        )
            .into_response(),
        other => {
            return Err(bad_request(format!(
                "format {other:?} is not one of json, csv, html"
            )))
        }
    })
}

async fn providers(
    State(database): State<Arc<Database>>,
) -> Result<Json<Vec<crate::query::ProviderRow>>, Refusal> {
    Ok(Json(database.providers().await.map_err(unavailable)?))
}

#[derive(Serialize)]
struct Status {
    /// The newest transaction indexed, if any.
    signature: Option<String>,
    slot: Option<u64>,
    disclosures: i64,
    events: i64,
    set_aside: i64,
}

async fn status(State(database): State<Arc<Database>>) -> Result<Json<Status>, Refusal> {
    let cursor = database.cursor().await.map_err(unavailable)?;
    let database = &database;
    let count = |table| async move { database.count(table).await.map_err(unavailable) };
    Ok(Json(Status {
        signature: cursor.as_ref().map(|cursor| cursor.signature.clone()),
        slot: cursor.map(|cursor| cursor.slot),
        disclosures: count("disclosures").await?,
        events: count("events").await?,
        set_aside: count("set_aside").await?,
    }))
}

fn parse_day(text: &str) -> Result<Date, Refusal> {
    Date::parse(text, format_description!("[year]-[month]-[day]"))
        .map_err(|_| bad_request(format!("{text:?} is not a day such as 2026-01-31")))
}

/// The first second of `day` (UTC).
fn day_start(day: &str) -> Result<i64, Refusal> {
    Ok(parse_day(day)?.midnight().assume_utc().unix_timestamp())
}

/// The first second after `day` (UTC): `until` takes in the whole day.
fn day_end(day: &str) -> Result<i64, Refusal> {
    Ok(day_start(day)? + 86_400)
}
