use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;
use std::thread;

use senior_02_unsafe::RingBuffer;

/// Records its id in a shared log when dropped, so a test can see what was dropped, and how often.
#[derive(Debug)]
struct Tracked {
    id: u32,
    log: Rc<RefCell<Vec<u32>>>,
}

impl Drop for Tracked {
    fn drop(&mut self) {
        self.log.borrow_mut().push(self.id);
    }
}

fn tracker() -> (Rc<RefCell<Vec<u32>>>, impl Fn(u32) -> Tracked) {
    let log = Rc::new(RefCell::new(Vec::new()));
    let shared = Rc::clone(&log);
    (log, move |id| Tracked { id, log: Rc::clone(&shared) })
}

fn sorted(log: &RefCell<Vec<u32>>) -> Vec<u32> {
    let mut ids = log.borrow().clone();
    ids.sort_unstable();
    ids
}

#[test]
fn every_value_is_dropped_exactly_once() {
    let (log, make) = tracker();
    {
        let mut buffer: RingBuffer<Tracked, 3> = RingBuffer::new();
        for id in 0..3 {
            assert!(buffer.push(make(id)).is_ok());
        }
        assert!(log.borrow().is_empty(), "values in the buffer were dropped: {:?}", log.borrow());

        let refused = buffer.push(make(3)).expect_err("the buffer is full");
        assert_eq!(refused.id, 3);
        assert!(log.borrow().is_empty(), "a refused value must be given back, not dropped");
        drop(refused);

        let evicted = buffer.force_push(make(4)).expect("a full buffer evicts its oldest value");
        assert_eq!(evicted.id, 0);
        assert_eq!(*log.borrow(), [3], "the evicted value must be given back, not dropped");
        drop(evicted);

        let popped = buffer.pop().expect("the buffer holds values");
        assert_eq!(popped.id, 1);
        drop(popped);
        assert!(buffer.push(make(5)).is_ok());
        assert_eq!(*log.borrow(), [3, 0, 1]);
        let held: Vec<u32> = (0..buffer.len()).map(|i| buffer.get(i).unwrap().id).collect();
        assert_eq!(held, [2, 4, 5]);
    }
    assert_eq!(sorted(&log), [0, 1, 2, 3, 4, 5], "dropping the buffer drops what it holds, once each");
}

#[test]
fn clear_drops_what_is_left_and_the_buffer_stays_usable() {
    let (log, make) = tracker();
    let mut buffer: RingBuffer<Tracked, 4> = RingBuffer::new();
    for id in 0..4 {
        assert!(buffer.push(make(id)).is_ok());
    }
    drop(buffer.pop());
    drop(buffer.pop());
    assert!(buffer.push(make(4)).is_ok());
    assert!(buffer.push(make(5)).is_ok());
    buffer.clear();
    assert!(buffer.is_empty());
    assert!(buffer.get(0).is_none());
    assert_eq!(sorted(&log), [0, 1, 2, 3, 4, 5]);

    for id in 6..10 {
        assert!(buffer.push(make(id)).is_ok());
    }
    assert!(buffer.is_full());
    assert_eq!(buffer.get(0).map(|t| t.id), Some(6));
    assert_eq!(buffer.get(3).map(|t| t.id), Some(9));
    buffer.clear();
    buffer.clear();
    assert_eq!(sorted(&log), (0..10).collect::<Vec<u32>>());
    drop(buffer);
    assert_eq!(log.borrow().len(), 10, "a cleared buffer has nothing left to drop");
}

/// A small deterministic pseudo-random sequence.
fn next(state: &mut u64) -> u64 {
    *state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
    *state >> 33
}

#[test]
fn wraps_around_many_times_like_a_vecdeque() {
    let mut buffer: RingBuffer<String, 5> = RingBuffer::new();
    let mut model: VecDeque<String> = VecDeque::new();
    let mut state = 7;
    for step in 0..3000 {
        let value = format!("v{step}");
        match next(&mut state) % 5 {
            0 | 1 => {
                let expected = if model.len() == 5 { Err(value.clone()) } else { Ok(()) };
                if expected.is_ok() {
                    model.push_back(value.clone());
                }
                assert_eq!(buffer.push(value), expected, "step {step}");
            }
            2 => {
                let expected = if model.len() == 5 { model.pop_front() } else { None };
                model.push_back(value.clone());
                assert_eq!(buffer.force_push(value), expected, "step {step}");
            }
            3 => assert_eq!(buffer.pop(), model.pop_front(), "step {step}"),
            _ => {
                if !model.is_empty() {
                    let index = next(&mut state) as usize % model.len();
                    model[index].push('!');
                    buffer.get_mut(index).expect("index is in range").push('!');
                }
            }
        }
        assert_eq!(buffer.len(), model.len(), "step {step}");
        assert_eq!(buffer.is_full(), model.len() == 5, "step {step}");
        for (index, expected) in model.iter().enumerate() {
            assert_eq!(buffer.get(index), Some(expected), "step {step}, index {index}");
        }
        assert!(buffer.get(model.len()).is_none(), "step {step}");
    }
}

#[test]
fn a_buffer_of_capacity_zero_holds_nothing() {
    let mut empty: RingBuffer<String, 0> = RingBuffer::new();
    assert_eq!(empty.capacity(), 0);
    assert!(empty.is_empty());
    assert!(empty.is_full());
    assert_eq!(empty.push("x".to_string()), Err("x".to_string()));
    assert_eq!(empty.force_push("y".to_string()).as_deref(), Some("y"), "nothing fits: the value comes back");
    assert_eq!(empty.pop(), None);
    assert!(empty.get(0).is_none());
    assert!(empty.get_mut(0).is_none());
    empty.clear();
    assert_eq!(empty.len(), 0);
}

#[test]
fn a_buffer_of_capacity_zero_hands_values_back_undropped() {
    let (log, make) = tracker();
    let mut tracked: RingBuffer<Tracked, 0> = RingBuffer::default();
    let back = tracked.force_push(make(1)).expect("nothing fits");
    assert_eq!(back.id, 1);
    assert!(log.borrow().is_empty());
    drop(back);
    drop(tracked);
    assert_eq!(*log.borrow(), [1]);
}

#[test]
fn a_buffer_of_capacity_one_works() {
    let mut single: RingBuffer<String, 1> = RingBuffer::new();
    assert_eq!(single.force_push("a".to_string()), None);
    for next in ["b", "c", "d"] {
        let before = single.get(0).cloned();
        assert_eq!(single.force_push(next.to_string()), before);
        assert_eq!(single.get(0).map(String::as_str), Some(next));
        assert!(single.get(1).is_none());
    }
    assert_eq!(single.push("e".to_string()), Err("e".to_string()));
    assert_eq!(single.pop().as_deref(), Some("d"));
    assert_eq!(single.pop(), None);
    assert_eq!(single.push("f".to_string()), Ok(()));
    assert_eq!(single.get(0).map(String::as_str), Some("f"));
}

thread_local! {
    static TOKENS_DROPPED: Cell<usize> = const { Cell::new(0) };
}

/// A zero-sized value that counts its drops.
struct Token;

impl Drop for Token {
    fn drop(&mut self) {
        TOKENS_DROPPED.with(|count| count.set(count.get() + 1));
    }
}

fn tokens_dropped() -> usize {
    TOKENS_DROPPED.with(Cell::get)
}

#[test]
fn zero_sized_values_are_stored() {
    let mut units: RingBuffer<(), 3> = RingBuffer::new();
    for _ in 0..3 {
        assert_eq!(units.push(()), Ok(()));
    }
    assert_eq!(units.push(()), Err(()));
    assert_eq!(units.force_push(()), Some(()));
    assert_eq!(units.get(2), Some(&()));
    assert!(units.get(3).is_none());
}

#[test]
fn zero_sized_values_are_dropped_exactly_once() {
    let mut tokens: RingBuffer<Token, 3> = RingBuffer::new();
    for _ in 0..3 {
        assert!(tokens.push(Token).is_ok());
    }
    assert_eq!(tokens_dropped(), 0);
    drop(tokens.push(Token));
    assert_eq!(tokens_dropped(), 1, "the refused token is dropped by the caller, once");
    drop(tokens.force_push(Token));
    assert_eq!(tokens_dropped(), 2, "the evicted token is dropped by the caller, once");
    drop(tokens.pop());
    assert_eq!(tokens_dropped(), 3);
    assert_eq!(tokens.len(), 2);
    drop(tokens);
    assert_eq!(tokens_dropped(), 5, "the two tokens left are dropped with the buffer");
}

#[test]
fn out_of_range_indexes_are_none_after_wrapping() {
    let mut buffer: RingBuffer<u64, 4> = RingBuffer::new();
    for n in 0..4 {
        buffer.push(n).unwrap();
    }
    buffer.pop();
    buffer.pop();
    buffer.push(4).unwrap();
    for index in [3, 4, 7, usize::MAX] {
        assert!(buffer.get(index).is_none(), "index {index}");
        assert!(buffer.get_mut(index).is_none(), "index {index}");
    }
    *buffer.get_mut(2).unwrap() *= 100;
    let held: Vec<u64> = (0..buffer.len()).map(|i| *buffer.get(i).unwrap()).collect();
    assert_eq!(held, [2, 3, 400]);
}

#[test]
fn a_buffer_can_move_to_another_thread() {
    let mut buffer: RingBuffer<String, 8> = RingBuffer::new();
    buffer.push("main".to_string()).unwrap();
    let mut buffer = thread::spawn(move || {
        for n in 0..10 {
            buffer.force_push(format!("worker {n}"));
        }
        buffer
    })
    .join()
    .expect("worker panicked");
    assert_eq!(buffer.len(), 8);
    assert_eq!(buffer.pop().as_deref(), Some("worker 2"));
    assert_eq!(buffer.get(6).map(String::as_str), Some("worker 9"));
}

#[test]
fn a_buffer_of_numbers_never_allocates() {
    let ((newest, evicted, popped), allocations) = crate::grader_measure::count_allocations(|| {
        let mut buffer: RingBuffer<u64, 16> = RingBuffer::new();
        let mut evicted = 0;
        let mut popped = 0;
        for n in 0..1000_u64 {
            if let Err(n) = buffer.push(n) {
                evicted += buffer.force_push(n).unwrap_or(0);
            }
            if n % 3 == 0 {
                popped += buffer.pop().unwrap_or(0);
            }
            if let Some(oldest) = buffer.get_mut(0) {
                *oldest += 1;
            }
        }
        let newest = buffer.get(buffer.len() - 1).copied();
        buffer.clear();
        drop(buffer);
        (newest, evicted, popped)
    });
    crate::grader_measure::report("allocations", allocations.fresh);
    assert_eq!(newest, Some(999));
    assert!(evicted > 0 && popped > 0);
}

/// Runs `work` under the grader's checking allocator and fails on any block freed twice, freed
/// with the wrong layout, or left behind: every value that went into a buffer must be dropped
/// exactly once by then.
fn assert_heap_clean<T>(what: &str, work: impl FnOnce() -> T) -> T {
    let (result, heap) = crate::grader_measure::check_heap(work);
    assert_eq!(heap.untracked, 0, "{what}: the checker lost track of some blocks");
    assert!(heap.is_clean(), "{what}: {heap:?}");
    result
}

#[test]
fn heap_values_are_freed_once_through_push_pop_and_eviction() {
    let (popped, evicted) = assert_heap_clean("push, pop and force_push", || {
        let mut buffer: RingBuffer<String, 4> = RingBuffer::new();
        let mut popped = Vec::new();
        let mut evicted = Vec::new();
        for n in 0..40 {
            let value = format!("value {n}");
            if n % 3 == 0 {
                evicted.extend(buffer.force_push(value));
            } else if let Err(value) = buffer.push(value) {
                popped.extend(buffer.pop());
                assert!(buffer.push(value).is_ok());
            }
            if n % 7 == 0 {
                popped.extend(buffer.pop());
            }
        }
        (popped.len(), evicted.len())
    });
    assert!(popped > 0 && evicted > 0, "the test went through pops ({popped}) and evictions ({evicted})");
}

#[test]
fn heap_values_grown_in_place_are_freed_once() {
    assert_heap_clean("get_mut and pop", || {
        let mut buffer: RingBuffer<Vec<u64>, 3> = RingBuffer::new();
        for round in 0..10_u64 {
            if buffer.is_full() {
                let oldest = buffer.pop().expect("a full buffer has an oldest value");
                assert_eq!(oldest.len(), 4, "pushed with one number, then one more in each of three rounds");
            }
            assert!(buffer.push(vec![round]).is_ok());
            for index in 0..buffer.len() {
                // Grows (and so moves) the vector inside the buffer.
                buffer.get_mut(index).expect("index is in range").push(round);
            }
        }
        assert_eq!(buffer.get(2).map(Vec::as_slice), Some(&[9, 9][..]));
    });
}

#[test]
fn clear_and_drop_free_every_heap_value_once() {
    assert_heap_clean("clear, refill and drop", || {
        let mut buffer: RingBuffer<Box<[u8; 64]>, 5> = RingBuffer::default();
        for n in 0..8_u8 {
            drop(buffer.force_push(Box::new([n; 64])));
        }
        buffer.clear();
        buffer.clear();
        assert!(buffer.is_empty());
        for n in 0..3_u8 {
            assert!(buffer.push(Box::new([n; 64])).is_ok());
        }
        drop(buffer.pop());
        // Dropped with two values, after wrapping around the end of the array.
        drop(buffer);
    });
}

#[test]
fn a_buffer_on_the_heap_frees_itself_and_its_values() {
    assert_heap_clean("a boxed buffer", || {
        let mut buffer: Box<RingBuffer<String, 16>> = Box::new(RingBuffer::new());
        for n in 0..50 {
            drop(buffer.force_push(n.to_string()));
        }
        assert_eq!(buffer.get(15).map(String::as_str), Some("49"));
        drop(buffer);
    });
}

#[test]
fn zero_sized_values_and_zero_capacity_leave_the_heap_clean() {
    assert_heap_clean("zero-sized values and capacity 0", || {
        let mut units: RingBuffer<(), 3> = RingBuffer::new();
        for _ in 0..10 {
            drop(units.force_push(()));
        }
        drop(units.pop());
        assert_eq!(units.len(), 2);
        drop(units);

        let mut nothing: RingBuffer<String, 0> = RingBuffer::new();
        for n in 0..5 {
            let back = nothing.force_push(format!("back {n}")).expect("nothing fits");
            assert_eq!(back, format!("back {n}"));
            assert_eq!(nothing.push(back), Err(format!("back {n}")));
        }
        nothing.clear();
        drop(nothing);
    });
}
