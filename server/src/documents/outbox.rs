//! What a document task sends one connection: its frames, bounded, and at most one request to
//! close. One small allocation per connection, shared by the document's handle on it and the
//! connection's task, where a channel and a separate closer took four (the channel, its queue, the
//! list of waiting receivers, and the waiting receiver's hook) and kept each at the largest size it
//! had reached.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_util::task::AtomicWaker;

use super::CloseReason;

/// Makes an outbox holding at most `capacity` frames: the document's end and the connection's.
pub fn outbox(capacity: usize) -> (OutboxSender, Outbox) {
    let shared = Arc::new(Shared {
        state: Mutex::new(State {
            frames: VecDeque::new(),
            capacity: capacity.max(1),
            close: None,
            senders: 1,
            receiver_gone: false,
        }),
        waker: AtomicWaker::new(),
    });
    (OutboxSender { shared: Arc::clone(&shared) }, Outbox { shared })
}

struct Shared {
    state: Mutex<State>,
    /// The connection's task, woken by a frame, a close request, or the last sender going.
    waker: AtomicWaker,
}

struct State {
    frames: VecDeque<Bytes>,
    capacity: usize,
    /// The first reason given to close; later ones are ignored.
    close: Option<CloseReason>,
    /// Document-side handles still held; none left means the document let go of the connection.
    senders: usize,
    /// The connection has finished: frames sent now are dropped.
    receiver_gone: bool,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Why a frame was not queued.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendError {
    /// The queue is full: the client has fallen behind.
    Full,
    /// The connection is closing or has closed; the frame no longer matters.
    Gone,
}

/// The document's end: queues frames and asks the connection to close.
pub struct OutboxSender {
    shared: Arc<Shared>,
}

impl OutboxSender {
    pub fn send(&self, frame: Bytes) -> Result<(), SendError> {
        {
            let mut state = self.shared.lock();
            if state.receiver_gone || state.close.is_some() {
                return Err(SendError::Gone);
            }
            if state.frames.len() >= state.capacity {
                return Err(SendError::Full);
            }
            state.frames.push_back(frame);
        }
        self.shared.waker.wake();
        Ok(())
    }

    /// Asks the connection to close with `reason`, unless it was asked already.
    pub fn close(&self, reason: CloseReason) {
        {
            let mut state = self.shared.lock();
            if state.close.is_some() {
                return;
            }
            state.close = Some(reason);
        }
        self.shared.waker.wake();
    }
}

impl Clone for OutboxSender {
    fn clone(&self) -> Self {
        self.shared.lock().senders += 1;
        OutboxSender { shared: Arc::clone(&self.shared) }
    }
}

impl Drop for OutboxSender {
    fn drop(&mut self) {
        let last = {
            let mut state = self.shared.lock();
            state.senders -= 1;
            state.senders == 0
        };
        if last {
            self.shared.waker.wake();
        }
    }
}

impl std::fmt::Debug for OutboxSender {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("OutboxSender")
    }
}

/// What the connection next has to do with its outbox.
#[derive(Debug, PartialEq, Eq)]
pub enum Next {
    Frame(Bytes),
    /// Close, for this reason.
    Close(CloseReason),
    /// The document let go of the connection without giving a reason.
    Released,
}

/// The connection's end.
pub struct Outbox {
    shared: Arc<Shared>,
}

impl Outbox {
    /// Waits for the next thing to do: a request to close comes before frames still queued.
    pub async fn next(&self) -> Next {
        std::future::poll_fn(|cx| self.poll_next(cx)).await
    }

    pub fn poll_next(&self, cx: &mut Context<'_>) -> Poll<Next> {
        // Registered before looking, so what arrives between the look and the wait still wakes us.
        self.shared.waker.register(cx.waker());
        let mut state = self.shared.lock();
        if let Some(reason) = &state.close {
            return Poll::Ready(Next::Close(reason.clone()));
        }
        if let Some(frame) = state.frames.pop_front() {
            return Poll::Ready(Next::Frame(frame));
        }
        if state.senders == 0 {
            return Poll::Ready(Next::Released);
        }
        Poll::Pending
    }

    /// The next queued frame, if one is waiting and no close was asked for.
    pub fn try_frame(&self) -> Option<Bytes> {
        let mut state = self.shared.lock();
        if state.close.is_some() {
            return None;
        }
        state.frames.pop_front()
    }

    /// Ends the connection's side: frames still queued are dropped, and so are any sent later.
    /// Gives how many were dropped.
    pub fn finish(&self) -> usize {
        let mut state = self.shared.lock();
        state.receiver_gone = true;
        let dropped = state.frames.len();
        state.frames = VecDeque::new();
        dropped
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(text: &'static str) -> Bytes {
        Bytes::from_static(text.as_bytes())
    }

    #[tokio::test]
    async fn frames_come_in_order_until_the_queue_is_full() {
        let (sender, receiver) = outbox(2);
        assert_eq!(sender.send(frame("a")), Ok(()));
        assert_eq!(sender.send(frame("b")), Ok(()));
        assert_eq!(sender.send(frame("c")), Err(SendError::Full));
        assert_eq!(receiver.next().await, Next::Frame(frame("a")));
        assert_eq!(receiver.try_frame(), Some(frame("b")));
        assert_eq!(receiver.try_frame(), None);
        assert_eq!(sender.send(frame("d")), Ok(()));
        assert_eq!(receiver.next().await, Next::Frame(frame("d")));
    }

    #[tokio::test]
    async fn a_close_comes_first_and_its_first_reason_wins() {
        let (sender, receiver) = outbox(4);
        sender.send(frame("a")).unwrap();
        sender.close(CloseReason::new(1013, "fell behind"));
        sender.close(CloseReason::new(1011, "later"));
        assert_eq!(sender.send(frame("b")), Err(SendError::Gone));
        assert_eq!(receiver.next().await, Next::Close(CloseReason::new(1013, "fell behind")));
        assert_eq!(receiver.try_frame(), None);
    }

    #[tokio::test]
    async fn the_connection_learns_when_the_last_handle_is_dropped() {
        let (sender, receiver) = outbox(4);
        let copy = sender.clone();
        drop(sender);
        let waiting = tokio::spawn(async move { receiver.next().await });
        tokio::task::yield_now().await;
        assert!(!waiting.is_finished(), "one handle is still held");
        copy.send(frame("a")).unwrap();
        assert_eq!(waiting.await.unwrap(), Next::Frame(frame("a")));
        let (sender, receiver) = outbox(4);
        let waiting = tokio::spawn(async move { receiver.next().await });
        tokio::task::yield_now().await;
        drop(sender);
        assert_eq!(waiting.await.unwrap(), Next::Released);
    }

    #[test]
    fn a_finished_connection_drops_what_is_queued_and_what_comes_later() {
        let (sender, receiver) = outbox(4);
        sender.send(frame("a")).unwrap();
        sender.send(frame("b")).unwrap();
        assert_eq!(receiver.finish(), 2);
        assert_eq!(sender.send(frame("c")), Err(SendError::Gone));
    }
}
