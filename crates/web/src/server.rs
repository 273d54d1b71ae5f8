//! Serving HTTP, thread per core.
//!
//! Each core runs its own single-threaded runtime with its own listening
//! socket on the shared port (`SO_REUSEPORT`, so the kernel spreads the
//! connections), and answers cache hits without leaving its thread. Misses
//! are handed to the application runtime, where the database pool and the
//! background tasks live. A cached page thus costs no cross-thread wake-up,
//! which is most of what a work-stealing runtime adds to a small response.

use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::response::{IntoResponse, Response};
use tokio::runtime::Handle;
use tokio::sync::watch;
use tower::{Service, ServiceExt};

use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};
use tracing::Level;

use crate::AppState;
use crate::fast_path::CacheLayer;

/// Listening sockets, bound before serving so that the caller can print the
/// address (also when asked for port 0).
pub struct Listeners {
    sockets: Vec<std::net::TcpListener>,
    pub local_addr: SocketAddr,
}

/// Binds one socket per serving thread, all on the same address.
/// Must be called inside a Tokio runtime.
pub fn bind(addr: SocketAddr, threads: usize) -> io::Result<Listeners> {
    if addr.port() != 0 {
        // Port sharing would let a second server on the same port quietly
        // take half the connections: make sure nobody listens there yet.
        drop(std::net::TcpListener::bind(addr)?);
    }
    let first = reuse_port_listener(addr)?;
    let local_addr = first.local_addr()?;
    let mut sockets = vec![first];
    for _ in 1..threads.max(1) {
        sockets.push(reuse_port_listener(local_addr)?);
    }
    Ok(Listeners {
        sockets,
        local_addr,
    })
}

fn reuse_port_listener(addr: SocketAddr) -> io::Result<std::net::TcpListener> {
    let socket = if addr.is_ipv4() {
        tokio::net::TcpSocket::new_v4()?
    } else {
        tokio::net::TcpSocket::new_v6()?
    };
    socket.set_reuseaddr(true)?;
    #[cfg(unix)]
    socket.set_reuseport(true)?;
    socket.bind(addr)?;
    socket.listen(1024)?.into_std()
}

impl Listeners {
    /// Serves until `shutdown` resolves, then lets requests in flight finish.
    pub async fn serve(
        self,
        state: AppState,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> io::Result<()> {
        let routes = crate::routes(state.clone());
        let app_runtime = Handle::current();
        let (stop_tx, stop_rx) = watch::channel(false);
        let mut threads = Vec::with_capacity(self.sockets.len());
        for (index, socket) in self.sockets.into_iter().enumerate() {
            // Each connection meets request logging, then the cache's fast
            // path, then (on a miss) the routes on the application runtime.
            let service = tower::ServiceBuilder::new()
                .map_response(IntoResponse::into_response)
                .layer(
                    TraceLayer::new_for_http()
                        .make_span_with(DefaultMakeSpan::new().level(Level::INFO))
                        .on_response(DefaultOnResponse::new().level(Level::INFO)),
                )
                .layer(CacheLayer {
                    state: state.clone(),
                })
                .service(Forward {
                    runtime: app_runtime.clone(),
                    routes: routes.clone(),
                });
            let mut stop = stop_rx.clone();
            let thread = std::thread::Builder::new()
                .name(format!("http-{index}"))
                .spawn(move || -> io::Result<()> {
                    let runtime = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()?;
                    runtime.block_on(async move {
                        let listener = tokio::net::TcpListener::from_std(socket)?;
                        axum::serve(
                            listener,
                            axum::ServiceExt::into_make_service_with_connect_info::<SocketAddr>(
                                service,
                            ),
                        )
                        .with_graceful_shutdown(async move {
                            let _ = stop.wait_for(|stopped| *stopped).await;
                        })
                        .await
                    })
                })?;
            threads.push(thread);
        }
        shutdown.await;
        let _ = stop_tx.send(true);
        tokio::task::spawn_blocking(move || {
            for thread in threads {
                match thread.join() {
                    Ok(Ok(())) => {}
                    Ok(Err(err)) => tracing::error!(error = %err, "an HTTP thread failed"),
                    Err(_) => tracing::error!("an HTTP thread panicked"),
                }
            }
        })
        .await
        .map_err(io::Error::other)
    }
}

/// Runs the router on the application runtime.
#[derive(Clone)]
pub struct Forward {
    runtime: Handle,
    routes: Router,
}

impl Service<Request<Body>> for Forward {
    type Response = Response;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request<Body>) -> Self::Future {
        let task = self.runtime.spawn(self.routes.clone().oneshot(request));
        Box::pin(async move {
            task.await.unwrap_or_else(|err| {
                tracing::error!(error = %err, "a request handler panicked");
                Ok(StatusCode::INTERNAL_SERVER_ERROR.into_response())
            })
        })
    }
}
