use senior_02_unsafe::RingBuffer;

#[test]
fn pops_in_the_order_pushed() {
    let mut buffer: RingBuffer<u32, 4> = RingBuffer::new();
    assert!(buffer.is_empty());
    for n in 1..=3 {
        assert_eq!(buffer.push(n), Ok(()));
    }
    assert_eq!(buffer.pop(), Some(1));
    assert_eq!(buffer.push(4), Ok(()));
    assert_eq!(buffer.push(5), Ok(()));
    assert_eq!(buffer.len(), 4);
    assert_eq!([buffer.pop(), buffer.pop(), buffer.pop(), buffer.pop()], [Some(2), Some(3), Some(4), Some(5)]);
    assert_eq!(buffer.pop(), None);
}

#[test]
fn a_full_buffer_gives_the_value_back() {
    let mut buffer: RingBuffer<String, 2> = RingBuffer::new();
    assert_eq!(buffer.capacity(), 2);
    buffer.push("a".to_string()).unwrap();
    buffer.push("b".to_string()).unwrap();
    assert!(buffer.is_full());
    assert_eq!(buffer.push("c".to_string()), Err("c".to_string()));
    assert_eq!(buffer.len(), 2);
    assert_eq!(buffer.pop().as_deref(), Some("a"));
}

#[test]
fn get_counts_from_the_oldest() {
    let mut buffer: RingBuffer<i64, 4> = RingBuffer::new();
    for n in [10, 20, 30] {
        buffer.push(n).unwrap();
    }
    assert_eq!(buffer.get(0), Some(&10));
    assert_eq!(buffer.get(2), Some(&30));
    assert!(buffer.get(3).is_none());
    *buffer.get_mut(1).unwrap() += 5;
    assert_eq!(buffer.get(1), Some(&25));
}

#[test]
fn force_push_evicts_the_oldest() {
    let mut buffer: RingBuffer<char, 3> = RingBuffer::new();
    assert_eq!(buffer.force_push('a'), None);
    assert_eq!(buffer.force_push('b'), None);
    assert_eq!(buffer.force_push('c'), None);
    assert_eq!(buffer.force_push('d'), Some('a'));
    let held: Vec<char> = (0..buffer.len()).map(|i| *buffer.get(i).unwrap()).collect();
    assert_eq!(held, ['b', 'c', 'd']);
}
