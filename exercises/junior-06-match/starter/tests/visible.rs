use junior_06_match::{label, needs_signature, price_cents, Parcel};

#[test]
fn prices_letters_and_packets() {
    assert_eq!(price_cents(&Parcel::Letter { grams: 20 }), 95);
    assert_eq!(price_cents(&Parcel::Letter { grams: 21 }), 160);
    assert_eq!(price_cents(&Parcel::Packet { grams: 1200 }), 550);
}

#[test]
fn prices_registered_letters() {
    assert_eq!(price_cents(&Parcel::Registered { grams: 10 }), 345);
}

#[test]
fn pallets_need_a_signature() {
    assert!(needs_signature(&Parcel::Pallet { kg: 80 }));
    assert!(!needs_signature(&Parcel::Letter { grams: 5 }));
}

#[test]
fn labels_a_letter() {
    assert_eq!(label(&Parcel::Letter { grams: 5 }), "LETTER");
}
