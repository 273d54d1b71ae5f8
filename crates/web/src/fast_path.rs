//! The render cache's fast path: a tower service in front of the router, so
//! a cached page is answered before routing, extraction or any middleware
//! that allocates. Misses go on to the router untouched.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::body::Body;
use axum::http::{Method, Request};
use axum::response::Response;
use tower::{Layer, Service};

use crate::AppState;
use crate::site::respond;

#[derive(Clone)]
pub struct CacheLayer {
    pub state: AppState,
}

impl<S> Layer<S> for CacheLayer {
    type Service = CacheService<S>;

    fn layer(&self, inner: S) -> CacheService<S> {
        CacheService {
            state: self.state.clone(),
            inner,
        }
    }
}

#[derive(Clone)]
pub struct CacheService<S> {
    state: AppState,
    inner: S,
}

impl<S> Service<Request<Body>> for CacheService<S>
where
    S: Service<Request<Body>, Response = Response, Error = Infallible>,
{
    type Response = Response;
    type Error = Infallible;
    type Future = CacheFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<Body>) -> Self::Future {
        if request.method() == Method::GET {
            let key = request.uri().path_and_query().map_or("/", |pq| pq.as_str());
            if let Some(page) = self.state.cache().get(key) {
                let mut response = respond::from_cache(&page, request.headers());
                self.state.security_headers().apply(response.headers_mut());
                // Says the page came from memory, for operators and tests.
                response
                    .headers_mut()
                    .insert("x-cache", axum::http::HeaderValue::from_static("hit"));
                return CacheFuture::Hit(Some(response));
            }
        }
        CacheFuture::Miss(Box::pin(self.inner.call(request)))
    }
}

/// A hit is ready at once and costs no allocation; a miss is the router's
/// future, boxed (misses render a page, so the box is noise).
pub enum CacheFuture<F> {
    Hit(Option<Response>),
    Miss(Pin<Box<F>>),
}

impl<F> Future for CacheFuture<F>
where
    F: Future<Output = Result<Response, Infallible>>,
{
    type Output = Result<Response, Infallible>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.get_mut() {
            CacheFuture::Hit(response) => {
                Poll::Ready(Ok(response.take().expect("a ready future polled once")))
            }
            CacheFuture::Miss(future) => future.as_mut().poll(cx),
        }
    }
}
