//! Work shared among the machine's cores, results in the order of the inputs (so that no
//! number depends on how many cores there are).

/// The environment variable that sets how many threads share the work (default: as many as
/// the machine has cores), e.g. on a shared server; no number depends on it.
pub const THREADS_VAR: &str = "BPRSTAT_THREADS";

/// The threads to use: `BPRSTAT_THREADS` when set, else the machine's cores. An error names
/// a value that is not a whole number of at least 1 (checked when a command starts). Found
/// once a process: the standard library reads the machine's cores from four cgroup files on
/// every ask, and a run of the benchmark study S asks 33 times.
pub fn threads() -> Result<usize, String> {
    static FOUND: std::sync::OnceLock<Result<usize, String>> = std::sync::OnceLock::new();
    FOUND.get_or_init(find_threads).clone()
}

fn find_threads() -> Result<usize, String> {
    match std::env::var(THREADS_VAR) {
        Ok(v) => match v.trim().parse::<usize>() {
            Ok(n) if n >= 1 => Ok(n),
            _ => Err(format!(
                "environment variable {THREADS_VAR}=\"{v}\": expected a whole number of threads, at least 1 (or leave it unset to use every core)"
            )),
        },
        Err(_) => Ok(std::thread::available_parallelism().map_or(1, |n| n.get())),
    }
}

/// `f` of each item, the items shared among [`threads`] threads (at most one per item), the
/// results in the items' order.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = threads().unwrap_or(1).min(items.len());
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        mine.push((i, f(item)));
                    }
                    mine
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().expect("a worker thread panicked"))
            .collect()
    });
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

/// `out` in chunks of `chunk` items, each written by `f(its first index, the chunk)`, the
/// chunks shared among [`threads`] threads; `f`'s results in the chunks' order. A result of
/// one item per row is filled in place, without a vector per chunk beside it.
pub fn fill<T: Send, R: Send>(
    out: &mut [T],
    chunk: usize,
    f: impl Fn(usize, &mut [T]) -> R + Sync,
) -> Vec<R> {
    let mut none: Vec<()> = vec![(); out.len()];
    fill_pair(out, &mut none, chunk, |at, a, _| f(at, a))
}

/// [`fill`] of two slices of the same length at once, chunk by chunk.
pub fn fill_pair<A: Send, B: Send, R: Send>(
    a: &mut [A],
    b: &mut [B],
    chunk: usize,
    f: impl Fn(usize, &mut [A], &mut [B]) -> R + Sync,
) -> Vec<R> {
    assert_eq!(a.len(), b.len(), "fill_pair: slices of different lengths");
    let chunk = chunk.max(1);
    let parts: Vec<std::sync::Mutex<(usize, &mut [A], &mut [B])>> = (a.chunks_mut(chunk))
        .zip(b.chunks_mut(chunk))
        .enumerate()
        .map(|(k, (x, y))| std::sync::Mutex::new((k * chunk, x, y)))
        .collect();
    map(&parts, |part| {
        let mut part = part.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let (at, ref mut x, ref mut y) = *part;
        f(at, x, y)
    })
}

/// A scoped thread's result, its panic passed on to the caller.
pub fn joined<T>(thread: std::thread::ScopedJoinHandle<'_, T>) -> T {
    thread
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_come_in_the_order_of_the_items() {
        let items: Vec<u64> = (0..1000).collect();
        let slow_first = |&x: &u64| {
            // Early items take longest, so threads finish out of order.
            let spin = (1000 - x) * 50;
            (0..spin).fold(x, |a, b| a.wrapping_add(b % 3)) - (0..spin).map(|b| b % 3).sum::<u64>()
        };
        assert_eq!(super::map(&items, slow_first), items);
        assert_eq!(super::map(&[] as &[u64], slow_first), Vec::<u64>::new());
    }

    #[test]
    fn fill_writes_every_chunk_at_its_own_place() {
        let mut out = vec![0usize; 1001];
        let starts = super::fill(&mut out, 100, |at, chunk| {
            for (k, v) in chunk.iter_mut().enumerate() {
                *v = at + k;
            }
            at
        });
        assert_eq!(out, (0..1001).collect::<Vec<_>>());
        assert_eq!(starts, (0..11).map(|b| b * 100).collect::<Vec<_>>());
        let mut twice = vec![0usize; 1001];
        super::fill_pair(&mut out, &mut twice, 7, |at, a, b| {
            for k in 0..a.len() {
                b[k] = 2 * a[k];
                a[k] = at;
            }
        });
        assert_eq!(twice, (0..1001).map(|i| 2 * i).collect::<Vec<_>>());
        assert_eq!(out[15], 14);
        let none: Vec<()> = super::fill(&mut [] as &mut [usize], 100, |_, _| unreachable!());
        assert!(none.is_empty());
    }
}
