use junior_06_match::{label, needs_signature, price_cents, Parcel};

const ALL_KINDS: [Parcel; 4] = [
    Parcel::Letter { grams: 15 },
    Parcel::Registered { grams: 15 },
    Parcel::Packet { grams: 800 },
    Parcel::Pallet { kg: 120 },
];

/// A second caller: the day's shipping manifest.
fn manifest(parcels: &[Parcel]) -> (u32, usize, String) {
    let total = parcels.iter().map(price_cents).sum();
    let to_sign = parcels.iter().filter(|p| needs_signature(p)).count();
    let labels: Vec<&str> = parcels.iter().map(label).collect();
    (total, to_sign, labels.join(","))
}

#[test]
fn every_kind_has_its_price() {
    let prices: Vec<u32> = ALL_KINDS.iter().map(price_cents).collect();
    assert_eq!(prices, [95, 345, 500, 6200]);
}

#[test]
fn registered_price_follows_the_letter_price() {
    assert_eq!(price_cents(&Parcel::Registered { grams: 20 }), 345);
    assert_eq!(price_cents(&Parcel::Registered { grams: 21 }), 410);
    assert_eq!(price_cents(&Parcel::Registered { grams: 0 }), 345);
}

#[test]
fn packet_price_steps_at_every_full_500_grams() {
    assert_eq!(price_cents(&Parcel::Packet { grams: 0 }), 450);
    assert_eq!(price_cents(&Parcel::Packet { grams: 499 }), 450);
    assert_eq!(price_cents(&Parcel::Packet { grams: 500 }), 500);
    assert_eq!(price_cents(&Parcel::Packet { grams: 2999 }), 700);
}

#[test]
fn pallet_price_adds_10_per_kg() {
    assert_eq!(price_cents(&Parcel::Pallet { kg: 0 }), 5000);
    assert_eq!(price_cents(&Parcel::Pallet { kg: 1 }), 5010);
}

#[test]
fn signatures_for_every_kind() {
    let signed: Vec<bool> = ALL_KINDS.iter().map(needs_signature).collect();
    assert_eq!(signed, [false, true, false, true]);
}

#[test]
fn labels_for_every_kind() {
    let labels: Vec<&str> = ALL_KINDS.iter().map(label).collect();
    assert_eq!(labels, ["LETTER", "REGISTERED", "PACKET", "PALLET"]);
}

#[test]
fn a_days_manifest() {
    let parcels = [
        Parcel::Registered { grams: 30 },
        Parcel::Letter { grams: 30 },
        Parcel::Pallet { kg: 10 },
        Parcel::Registered { grams: 5 },
    ];
    assert_eq!(manifest(&parcels), (410 + 160 + 5100 + 345, 3, "REGISTERED,LETTER,PALLET,REGISTERED".to_string()));
}

#[test]
fn an_empty_manifest() {
    assert_eq!(manifest(&[]), (0, 0, String::new()));
}
