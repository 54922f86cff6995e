//! SCB's 290 municipalities (kommuner) by code, in code order: the names
//! of `data/sjuharad/scb-folkmangd-2021-12-31.csv` (SCB, 31 December 2021).
//! Generated from that file; the test below holds it to the file.

/// Every municipality: code (`1490`) and name (`Borås`), in code order.
pub const MUNICIPALITIES: &[(u16, &str)] = &[
    (114, "Upplands Väsby"),
    (115, "Vallentuna"),
    (117, "Österåker"),
    (120, "Värmdö"),
    (123, "Järfälla"),
    (125, "Ekerö"),
    (126, "Huddinge"),
    (127, "Botkyrka"),
    (128, "Salem"),
    (136, "Haninge"),
    (138, "Tyresö"),
    (139, "Upplands-Bro"),
    (140, "Nykvarn"),
    (160, "Täby"),
    (162, "Danderyd"),
    (163, "Sollentuna"),
    (180, "Stockholm"),
    (181, "Södertälje"),
    (182, "Nacka"),
    (183, "Sundbyberg"),
    (184, "Solna"),
    (186, "Lidingö"),
    (187, "Vaxholm"),
    (188, "Norrtälje"),
    (191, "Sigtuna"),
    (192, "Nynäshamn"),
    (305, "Håbo"),
    (319, "Älvkarleby"),
    (330, "Knivsta"),
    (331, "Heby"),
    (360, "Tierp"),
    (380, "Uppsala"),
    (381, "Enköping"),
    (382, "Östhammar"),
    (428, "Vingåker"),
    (461, "Gnesta"),
    (480, "Nyköping"),
    (481, "Oxelösund"),
    (482, "Flen"),
    (483, "Katrineholm"),
    (484, "Eskilstuna"),
    (486, "Strängnäs"),
    (488, "Trosa"),
    (509, "Ödeshög"),
    (512, "Ydre"),
    (513, "Kinda"),
    (560, "Boxholm"),
    (561, "Åtvidaberg"),
    (562, "Finspång"),
    (563, "Valdemarsvik"),
    (580, "Linköping"),
    (581, "Norrköping"),
    (582, "Söderköping"),
    (583, "Motala"),
    (584, "Vadstena"),
    (586, "Mjölby"),
    (604, "Aneby"),
    (617, "Gnosjö"),
    (642, "Mullsjö"),
    (643, "Habo"),
    (662, "Gislaved"),
    (665, "Vaggeryd"),
    (680, "Jönköping"),
    (682, "Nässjö"),
    (683, "Värnamo"),
    (684, "Sävsjö"),
    (685, "Vetlanda"),
    (686, "Eksjö"),
    (687, "Tranås"),
    (760, "Uppvidinge"),
    (761, "Lessebo"),
    (763, "Tingsryd"),
    (764, "Alvesta"),
    (765, "Älmhult"),
    (767, "Markaryd"),
    (780, "Växjö"),
    (781, "Ljungby"),
    (821, "Högsby"),
    (834, "Torsås"),
    (840, "Mörbylånga"),
    (860, "Hultsfred"),
    (861, "Mönsterås"),
    (862, "Emmaboda"),
    (880, "Kalmar"),
    (881, "Nybro"),
    (882, "Oskarshamn"),
    (883, "Västervik"),
    (884, "Vimmerby"),
    (885, "Borgholm"),
    (980, "Gotland"),
    (1060, "Olofström"),
    (1080, "Karlskrona"),
    (1081, "Ronneby"),
    (1082, "Karlshamn"),
    (1083, "Sölvesborg"),
    (1214, "Svalöv"),
    (1230, "Staffanstorp"),
    (1231, "Burlöv"),
    (1233, "Vellinge"),
    (1256, "Östra Göinge"),
    (1257, "Örkelljunga"),
    (1260, "Bjuv"),
    (1261, "Kävlinge"),
    (1262, "Lomma"),
    (1263, "Svedala"),
    (1264, "Skurup"),
    (1265, "Sjöbo"),
    (1266, "Hörby"),
    (1267, "Höör"),
    (1270, "Tomelilla"),
    (1272, "Bromölla"),
    (1273, "Osby"),
    (1275, "Perstorp"),
    (1276, "Klippan"),
    (1277, "Åstorp"),
    (1278, "Båstad"),
    (1280, "Malmö"),
    (1281, "Lund"),
    (1282, "Landskrona"),
    (1283, "Helsingborg"),
    (1284, "Höganäs"),
    (1285, "Eslöv"),
    (1286, "Ystad"),
    (1287, "Trelleborg"),
    (1290, "Kristianstad"),
    (1291, "Simrishamn"),
    (1292, "Ängelholm"),
    (1293, "Hässleholm"),
    (1315, "Hylte"),
    (1380, "Halmstad"),
    (1381, "Laholm"),
    (1382, "Falkenberg"),
    (1383, "Varberg"),
    (1384, "Kungsbacka"),
    (1401, "Härryda"),
    (1402, "Partille"),
    (1407, "Öckerö"),
    (1415, "Stenungsund"),
    (1419, "Tjörn"),
    (1421, "Orust"),
    (1427, "Sotenäs"),
    (1430, "Munkedal"),
    (1435, "Tanum"),
    (1438, "Dals-Ed"),
    (1439, "Färgelanda"),
    (1440, "Ale"),
    (1441, "Lerum"),
    (1442, "Vårgårda"),
    (1443, "Bollebygd"),
    (1444, "Grästorp"),
    (1445, "Essunga"),
    (1446, "Karlsborg"),
    (1447, "Gullspång"),
    (1452, "Tranemo"),
    (1460, "Bengtsfors"),
    (1461, "Mellerud"),
    (1462, "Lilla Edet"),
    (1463, "Mark"),
    (1465, "Svenljunga"),
    (1466, "Herrljunga"),
    (1470, "Vara"),
    (1471, "Götene"),
    (1472, "Tibro"),
    (1473, "Töreboda"),
    (1480, "Göteborg"),
    (1481, "Mölndal"),
    (1482, "Kungälv"),
    (1484, "Lysekil"),
    (1485, "Uddevalla"),
    (1486, "Strömstad"),
    (1487, "Vänersborg"),
    (1488, "Trollhättan"),
    (1489, "Alingsås"),
    (1490, "Borås"),
    (1491, "Ulricehamn"),
    (1492, "Åmål"),
    (1493, "Mariestad"),
    (1494, "Lidköping"),
    (1495, "Skara"),
    (1496, "Skövde"),
    (1497, "Hjo"),
    (1498, "Tidaholm"),
    (1499, "Falköping"),
    (1715, "Kil"),
    (1730, "Eda"),
    (1737, "Torsby"),
    (1760, "Storfors"),
    (1761, "Hammarö"),
    (1762, "Munkfors"),
    (1763, "Forshaga"),
    (1764, "Grums"),
    (1765, "Årjäng"),
    (1766, "Sunne"),
    (1780, "Karlstad"),
    (1781, "Kristinehamn"),
    (1782, "Filipstad"),
    (1783, "Hagfors"),
    (1784, "Arvika"),
    (1785, "Säffle"),
    (1814, "Lekeberg"),
    (1860, "Laxå"),
    (1861, "Hallsberg"),
    (1862, "Degerfors"),
    (1863, "Hällefors"),
    (1864, "Ljusnarsberg"),
    (1880, "Örebro"),
    (1881, "Kumla"),
    (1882, "Askersund"),
    (1883, "Karlskoga"),
    (1884, "Nora"),
    (1885, "Lindesberg"),
    (1904, "Skinnskatteberg"),
    (1907, "Surahammar"),
    (1960, "Kungsör"),
    (1961, "Hallstahammar"),
    (1962, "Norberg"),
    (1980, "Västerås"),
    (1981, "Sala"),
    (1982, "Fagersta"),
    (1983, "Köping"),
    (1984, "Arboga"),
    (2021, "Vansbro"),
    (2023, "Malung-Sälen"),
    (2026, "Gagnef"),
    (2029, "Leksand"),
    (2031, "Rättvik"),
    (2034, "Orsa"),
    (2039, "Älvdalen"),
    (2061, "Smedjebacken"),
    (2062, "Mora"),
    (2080, "Falun"),
    (2081, "Borlänge"),
    (2082, "Säter"),
    (2083, "Hedemora"),
    (2084, "Avesta"),
    (2085, "Ludvika"),
    (2101, "Ockelbo"),
    (2104, "Hofors"),
    (2121, "Ovanåker"),
    (2132, "Nordanstig"),
    (2161, "Ljusdal"),
    (2180, "Gävle"),
    (2181, "Sandviken"),
    (2182, "Söderhamn"),
    (2183, "Bollnäs"),
    (2184, "Hudiksvall"),
    (2260, "Ånge"),
    (2262, "Timrå"),
    (2280, "Härnösand"),
    (2281, "Sundsvall"),
    (2282, "Kramfors"),
    (2283, "Sollefteå"),
    (2284, "Örnsköldsvik"),
    (2303, "Ragunda"),
    (2305, "Bräcke"),
    (2309, "Krokom"),
    (2313, "Strömsund"),
    (2321, "Åre"),
    (2326, "Berg"),
    (2361, "Härjedalen"),
    (2380, "Östersund"),
    (2401, "Nordmaling"),
    (2403, "Bjurholm"),
    (2404, "Vindeln"),
    (2409, "Robertsfors"),
    (2417, "Norsjö"),
    (2418, "Malå"),
    (2421, "Storuman"),
    (2422, "Sorsele"),
    (2425, "Dorotea"),
    (2460, "Vännäs"),
    (2462, "Vilhelmina"),
    (2463, "Åsele"),
    (2480, "Umeå"),
    (2481, "Lycksele"),
    (2482, "Skellefteå"),
    (2505, "Arvidsjaur"),
    (2506, "Arjeplog"),
    (2510, "Jokkmokk"),
    (2513, "Överkalix"),
    (2514, "Kalix"),
    (2518, "Övertorneå"),
    (2521, "Pajala"),
    (2523, "Gällivare"),
    (2560, "Älvsbyn"),
    (2580, "Luleå"),
    (2581, "Piteå"),
    (2582, "Boden"),
    (2583, "Haparanda"),
    (2584, "Kiruna"),
];

/// A name as compared: lower case, runs of whitespace as one space, and
/// with `diacritics` off `å ä ö é ü` as `a a o e u`.
fn folded(name: &str, diacritics: bool) -> String {
    let lower = name
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    if diacritics {
        return lower;
    }
    lower
        .chars()
        .map(|c| match c {
            'å' | 'ä' | 'á' | 'à' => 'a',
            'ö' | 'ó' | 'ø' => 'o',
            'é' | 'è' => 'e',
            'ü' => 'u',
            c => c,
        })
        .collect()
}

/// The names a municipality goes by besides its own: `Ulricehamns kommun`,
/// `Borås Stad`, `Stockholms stad` (the genitive before `kommun`/`stad`),
/// `Region Gotland`.
fn stems(name: &str) -> Vec<String> {
    let mut out = vec![name.to_string()];
    // Region Gotland is Gotland's own name for itself.
    if let Some(rest) = name.strip_prefix("region ") {
        out.push(rest.to_string());
    }
    for suffix in [" kommun", " stad", " municipality"] {
        if let Some(stem) = name.strip_suffix(suffix) {
            out.push(stem.to_string());
            if let Some(genitive) = stem.strip_suffix('s') {
                out.push(genitive.to_string());
            }
            // Falu kommun is Falun's.
            if stem.ends_with('u') {
                out.push(format!("{stem}n"));
            }
        }
    }
    out
}

/// The municipality a name means: its name as SCB writes it, in any case,
/// or its usual forms (`Ulricehamns kommun`, `Borås Stad`), with or without
/// diacritics (`Boras`) when that leaves only one municipality (`Habo` and
/// `Håbo` are two).
pub fn by_name(name: &str) -> Option<u16> {
    for diacritics in [true, false] {
        let want = stems(&folded(name, diacritics));
        let hits: Vec<u16> = MUNICIPALITIES
            .iter()
            .filter(|(_, n)| want.contains(&folded(n, diacritics)))
            .map(|(c, _)| *c)
            .collect();
        match hits.as_slice() {
            [one] => return Some(*one),
            [] => continue,
            _ if diacritics => return hits.first().copied(),
            _ => return None,
        }
    }
    None
}

/// The municipalities whose names are nearest to an unknown one (at most
/// three, nearest first), for a "did you mean".
pub fn nearest(name: &str) -> Vec<(u16, &'static str)> {
    let mut scored: Vec<(usize, u16, &'static str)> = MUNICIPALITIES
        .iter()
        .filter_map(|&(c, n)| near(name, n).map(|d| (d, c, n)))
        .collect();
    scored.sort();
    scored.into_iter().take(3).map(|(_, c, n)| (c, n)).collect()
}

/// How far a name someone wrote is from a municipality's name (edits,
/// ignoring case, diacritics and the usual forms' `kommun`/`Stad`), if it
/// is near enough to suggest: at most two edits, or a third of the name.
pub fn near(wanted: &str, name: &str) -> Option<usize> {
    let have = folded(name, false);
    let d = stems(&folded(wanted, false))
        .iter()
        .map(|w| super::toml::edit_distance(w, &have))
        .min()?;
    (d <= 2.max(have.chars().count() / 3)).then_some(d)
}

/// A municipality's name from its code.
pub fn name_of(code: u16) -> Option<&'static str> {
    MUNICIPALITIES
        .binary_search_by_key(&code, |(c, _)| *c)
        .ok()
        .map(|i| MUNICIPALITIES[i].1)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    #[test]
    fn names_in_their_usual_forms() {
        for (name, code) in [
            ("Borås", 1490),
            ("borås", 1490),
            ("BORÅS STAD", 1490),
            ("Borås kommun", 1490),
            ("Boras", 1490),
            ("Ulricehamns kommun", 1491),
            ("ulricehamns  Kommun", 1491),
            ("Vargarda", 1442),
            ("Stockholms stad", 180),
            ("Falu kommun", 2080),
            ("Göteborgs Stad", 1480),
            ("Region Gotland", 980),
            ("Upplands Väsby", 114),
            ("Håbo", 305),
            ("Habo", 643),
        ] {
            assert_eq!(by_name(name), Some(code), "{name}");
        }
        assert_eq!(by_name("Sjuhärad"), None);
        assert_eq!(nearest("Ulrikehamn")[0], (1491, "Ulricehamn"));
        assert_eq!(nearest("Borårs")[0], (1490, "Borås"));
        assert!(nearest("Sjuhärad").len() <= 3);
        assert_eq!(name_of(1490), Some("Borås"));
        assert_eq!(name_of(9999), None);
    }

    #[test]
    fn the_table_is_the_reference_file() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/sjuharad/scb-folkmangd-2021-12-31.csv"
        );
        let bytes = std::fs::read(path).unwrap();
        let read = crate::read::population::parse_population(&bytes, Path::new(path)).unwrap();
        let file: Vec<(u16, String)> = read
            .population
            .iter()
            .map(|(c, r)| (c.get(), r.name.clone()))
            .collect();
        let table: Vec<(u16, String)> = MUNICIPALITIES.iter().map(|(c, n)| (*c, n.to_string())).collect();
        assert_eq!(table, file);
        assert!(MUNICIPALITIES.windows(2).all(|w| w[0].0 < w[1].0), "code order");
    }
}
