#![doc = include_str!("../README.md")]

use std::time::Duration;

use dateline_draft::chat::{self, PROMPT_VERSION};
use dateline_draft::{Drafted, Request};
use serde_json::{Value, json};

/// Where the model is and how long to wait for it.
#[derive(Debug, Clone)]
pub struct OpenAi {
    /// The server's base URL, with its `/v1`: `http://127.0.0.1:8000/v1`.
    pub base_url: String,
    pub model: String,
    pub api_key: Option<String>,
    /// The whole answer must arrive within this.
    pub timeout: Duration,
    /// Tries after the first, for a server that is down or overloaded.
    pub retries: u32,
}

#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("the model server at {url} did not answer: {detail}")]
    Unreachable { url: String, detail: String },
    #[error("the model server answered {status}: {body}")]
    Status { status: u16, body: String },
    #[error("the model server answered something that is not a chat completion: {0}")]
    Nonsense(String),
    /// Seen from a busy server: a stream that ends before any words.
    #[error("the model server sent an empty answer")]
    Empty,
    #[error("the model's answer could not be used: {0}")]
    Draft(#[from] dateline_draft::DraftError),
}

impl OpenAi {
    /// Drafts from the request's items: the prompt sent, the answer
    /// streamed back and read into verified sentences.
    pub async fn draft(&self, request: &Request<'_>) -> Result<Drafted, ModelError> {
        let prompt = chat::prompt(request);
        let body = json!({
            "model": self.model,
            "messages": [
                {"role": "system", "content": prompt.system},
                {"role": "user", "content": prompt.user},
            ],
            "temperature": 0.2,
            // The same answer for the same sources, where the server honours it.
            "seed": 7,
            "stream": true,
            "max_tokens": (request.words * 3).clamp(128, 4096),
        });
        let mut attempt = 0;
        loop {
            match self.complete(&body).await {
                Ok(answer) if answer.trim().is_empty() && attempt < self.retries => {
                    attempt += 1;
                    tracing::warn!(
                        attempt,
                        "the model server sent an empty answer; trying again"
                    );
                    tokio::time::sleep(Duration::from_secs(1 << attempt.min(5))).await;
                }
                Ok(answer) if answer.trim().is_empty() => return Err(ModelError::Empty),
                Ok(answer) => {
                    tracing::info!(model = %self.model, prompt = PROMPT_VERSION, chars = answer.len(), "model answered");
                    return Ok(chat::parse(&answer, request, &self.model)?);
                }
                Err(
                    error @ (ModelError::Unreachable { .. }
                    | ModelError::Status {
                        status: 429 | 500..=599,
                        ..
                    }),
                ) if attempt < self.retries => {
                    attempt += 1;
                    let wait = Duration::from_secs(1 << attempt.min(5));
                    tracing::warn!(%error, attempt, "model server failed; trying again in {wait:?}");
                    tokio::time::sleep(wait).await;
                }
                Err(error) => return Err(error),
            }
        }
    }

    async fn complete(&self, body: &Value) -> Result<String, ModelError> {
        let url = format!("{}/chat/completions", self.base_url.trim_end_matches('/'));
        let client = reqwest::Client::builder()
            .timeout(self.timeout)
            .connect_timeout(Duration::from_secs(10))
            .build()
            .map_err(|e| ModelError::Unreachable {
                url: url.clone(),
                detail: e.to_string(),
            })?;
        let mut call = client.post(&url).json(body);
        if let Some(key) = &self.api_key {
            call = call.bearer_auth(key);
        }
        let unreachable = |e: reqwest::Error| ModelError::Unreachable {
            url: url.clone(),
            detail: e.to_string(),
        };
        let mut response = call.send().await.map_err(unreachable)?;
        let status = response.status();
        if !status.is_success() {
            let text = response.text().await.unwrap_or_default();
            return Err(ModelError::Status {
                status: status.as_u16(),
                body: text.chars().take(300).collect(),
            });
        }
        // Server-sent events: `data: {chunk}` lines, then `data: [DONE]`;
        // a server that does not stream sends one JSON object instead.
        let mut raw = Vec::new();
        let mut answer = String::new();
        let mut pending = String::new();
        while let Some(chunk) = response.chunk().await.map_err(unreachable)? {
            raw.extend_from_slice(&chunk);
            pending.push_str(&String::from_utf8_lossy(&chunk));
            while let Some(end) = pending.find('\n') {
                let line = pending[..end].trim().to_owned();
                pending.drain(..=end);
                let Some(data) = line.strip_prefix("data:") else {
                    continue;
                };
                let data = data.trim();
                if data == "[DONE]" {
                    return Ok(answer);
                }
                let event: Value = serde_json::from_str(data)
                    .map_err(|_| ModelError::Nonsense(data.chars().take(200).collect()))?;
                if let Some(piece) = event["choices"][0]["delta"]["content"].as_str() {
                    answer.push_str(piece);
                }
            }
        }
        if !answer.is_empty() {
            return Ok(answer);
        }
        let whole: Value = serde_json::from_slice(&raw).map_err(|_| {
            ModelError::Nonsense(String::from_utf8_lossy(&raw).chars().take(200).collect())
        })?;
        whole["choices"][0]["message"]["content"]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| ModelError::Nonsense(whole.to_string().chars().take(200).collect()))
    }
}
