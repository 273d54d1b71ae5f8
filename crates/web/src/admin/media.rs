//! The media library: uploads, validated from their bytes and stored as
//! responsive variants, with the alt text and credit every published image needs.

use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use dateline_newsroom::media::ImageWords;

use super::{SignedIn, admin_meta};
use crate::views::image_view;
use crate::{AppError, AppState};

/// Upload requests are read, and what is over the file limit thrown away,
/// up to this size; a server that stopped reading at the file limit would
/// reset the connection and the browser would show an error of its own
/// instead of our message. Beyond this, the connection is cut.
pub const MAX_UPLOAD_BYTES: usize = 128 * 1024 * 1024;
/// Largest text field of the upload form.
const MAX_FIELD_BYTES: usize = 64 * 1024;

pub async fn library(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<Response, AppError> {
    render(
        &state,
        &signed_in,
        None,
        StatusCode::OK,
        &UploadFields::default(),
    )
    .await
}

#[derive(Default, serde::Serialize)]
struct UploadFields {
    alt: String,
    caption: String,
    credit: String,
}

pub async fn upload(
    State(state): State<AppState>,
    signed_in: SignedIn,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, AppError> {
    // The editor's picker uploads with a script and wants the image back;
    // a plain form gets a page.
    let json = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"));
    let mut return_to = String::new();
    // A body that is not a multipart form carries no CSRF token to check.
    let mut multipart = multipart.map_err(|_| AppError::Forbidden)?;
    let mut csrf = String::new();
    let mut fields = UploadFields::default();
    let mut file: Option<Vec<u8>> = None;
    let mut file_too_large = false;
    loop {
        let mut field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(err) => {
                let (status, message) = unreadable(&err);
                return render(&state, &signed_in, Some(&message), status, &fields).await;
            }
        };
        let name = field.name().unwrap_or_default().to_owned();
        let limit = if name == "file" {
            dateline_media::MAX_FILE_BYTES
        } else {
            MAX_FIELD_BYTES
        };
        // Read to the end, keeping at most `limit` bytes.
        let mut bytes = Vec::new();
        let mut over = false;
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) if !over => {
                    if bytes.len() + chunk.len() > limit {
                        over = true;
                        bytes = Vec::new();
                    } else {
                        bytes.extend_from_slice(&chunk);
                    }
                }
                Ok(Some(_)) => {}
                Ok(None) => break,
                Err(err) => {
                    let (status, message) = unreadable(&err);
                    return render(&state, &signed_in, Some(&message), status, &fields).await;
                }
            }
        }
        let text = || String::from_utf8_lossy(&bytes).trim().to_owned();
        match name.as_str() {
            "csrf" => csrf = text(),
            "alt" => fields.alt = text(),
            "caption" => fields.caption = text(),
            "credit" => fields.credit = text(),
            "return_to" => return_to = text(),
            "file" => {
                file_too_large = over;
                file = Some(bytes);
            }
            _ => {}
        }
    }
    signed_in.check_csrf(&csrf)?;
    if json && file_too_large {
        return Ok(json_refusal(
            StatusCode::PAYLOAD_TOO_LARGE,
            &too_large_message(),
        ));
    }
    if file_too_large {
        let message = too_large_message();
        return render(
            &state,
            &signed_in,
            Some(&message),
            StatusCode::PAYLOAD_TOO_LARGE,
            &fields,
        )
        .await;
    }
    let words = ImageWords {
        alt: fields.alt.clone(),
        caption: fields.caption.clone(),
        credit: fields.credit.clone(),
    };
    let stored = state
        .newsroom()
        .upload_image(&signed_in.actor(), file.unwrap_or_default(), words)
        .await
        .map_err(AppError::from);
    match stored {
        Ok(id) if json => {
            let image = state.store().image_ref(id).await?;
            Ok(axum::Json(picker_entry(&image)).into_response())
        }
        // Back to the article it was uploaded from, which offers it first.
        Ok(id) if is_editor_path(&return_to) => Ok(Redirect::to(&format!(
            "{return_to}?done=uploaded&uploaded={id}#media"
        ))
        .into_response()),
        Ok(_) => Ok(Redirect::to("/admin/media").into_response()),
        Err(AppError::Invalid(message)) if json => {
            Ok(json_refusal(StatusCode::UNPROCESSABLE_ENTITY, &message))
        }
        Err(err @ AppError::Invalid(_)) => {
            let message = err.to_string();
            render(
                &state,
                &signed_in,
                Some(&message),
                StatusCode::UNPROCESSABLE_ENTITY,
                &fields,
            )
            .await
        }
        Err(err) => Err(err),
    }
}

fn too_large_message() -> String {
    format!(
        "The file is larger than {} MB. Export a smaller JPEG or PNG and upload that.",
        dateline_media::MAX_FILE_BYTES / (1024 * 1024)
    )
}

/// What to tell the person whose upload could not be read, and the status.
fn unreadable(err: &axum::extract::multipart::MultipartError) -> (StatusCode, String) {
    let status = err.status();
    let message = if status == StatusCode::PAYLOAD_TOO_LARGE {
        too_large_message()
    } else {
        format!(
            "The upload could not be read ({}). Try again.",
            err.body_text()
        )
    };
    (status, message)
}

async fn render(
    state: &AppState,
    signed_in: &SignedIn,
    error: Option<&str>,
    status: StatusCode,
    fields: &UploadFields,
) -> Result<Response, AppError> {
    let images: Vec<_> = state
        .store()
        .media_library(60)
        .await?
        .iter()
        .filter_map(|i| image_view(i, 480).map(|v| (i.id, v)))
        .map(|(id, v)| minijinja::context! { id, image => v })
        .collect();
    let html = state
        .render(
            "admin/media.html",
            minijinja::context! {
                meta => admin_meta(state, signed_in, "Media"),
                csrf => signed_in.session.csrf_token,
                images, error, fields,
                max_mb => dateline_media::MAX_FILE_BYTES / (1024 * 1024),
            },
        )
        .await?;
    Ok((status, Html(html)).into_response())
}

/// Images that may lead an article, show a person or stand in a body:
/// only those with alt text and a credit (uploads require both; imports
/// may lack them), each as the editor's picker offers it.
pub async fn choosable_images(state: &AppState) -> Result<Vec<serde_json::Value>, AppError> {
    Ok(state
        .store()
        .media_library(100)
        .await?
        .iter()
        .filter(|i| !i.alt.is_empty() && !i.credit.is_empty())
        .map(picker_entry)
        .collect())
}

/// An image as the editor's picker shows it: a thumbnail, its words, and
/// the Markdown that places it in a body as a figure with its caption.
fn picker_entry(image: &dateline_core::ImageRef) -> serde_json::Value {
    let thumb = image_view(image, 320);
    let figure = image_view(image, 1280);
    let caption = match (image.caption.trim(), image.credit.trim()) {
        ("", credit) => credit.to_owned(),
        (caption, "") => caption.to_owned(),
        (caption, credit) => format!("{caption} ({credit})"),
    };
    // Markdown's own delimiters would end the alt text or the title early.
    let alt = image.alt.replace(['[', ']'], "");
    let title = caption.replace('"', "'");
    serde_json::json!({
        "id": image.id.to_string(),
        "alt": image.alt,
        "credit": image.credit,
        "thumb": thumb.map(|t| t.src),
        "insert": figure.map(|f| format!("![{alt}]({} \"{title}\")", f.src)),
    })
}

/// "/admin/articles/12" or "/admin/articles/new": where an upload from the
/// editor goes back to (nowhere else: no open redirect).
fn is_editor_path(path: &str) -> bool {
    path.strip_prefix("/admin/articles/").is_some_and(|rest| {
        rest == "new" || (!rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit()))
    })
}

fn json_refusal(status: StatusCode, message: &str) -> Response {
    (status, axum::Json(serde_json::json!({ "error": message }))).into_response()
}
