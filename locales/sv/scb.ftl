# SCB-exporter som `population import` läser (src/read/scb/). Prefix: scb-.

## Vad importen fann.

scb-layout-pxweb-columns = PxWeb-CSV, år som kolumner
scb-layout-pxweb-rows = PxWeb-CSV, en rad per år
scb-layout-scb-table = SCB-tabell med en kolumn för folkmängd
scb-layout-json-stat = JSON-stat 2.0
scb-regions-code-and-name = kod och namn
scb-regions-codes = koder
scb-regions-names = namn
scb-regions-several = { $forms }
scb-skipped = { $region }
scb-skipped-on-line = { $region } (rad { $line })

## Var ett problem finns i ett JSON-stat-dataset, och problemet där.

scb-where-category = dimension { $dimension }, kategori { $code } ({ $label })
scb-where-value = value[{ $index }] ({ $dimension } { $code } { $label })
scb-where-value-in-period = value[{ $index }] ({ $dimension } { $code } { $label }, { $time } { $period })
scb-where-dimension = dimension { $dimension }
scb-at = { $place }: { $message }

## Filen som helhet.

scb-empty = tom fil: förväntade en SCB-export (PxWeb-CSV, JSON-stat 2.0 eller Kod;Namn;Befolkning)
scb-no-header = ingen tabellrubrik hittades: förväntade en rubrikrad med en kolumn för region (region, kod, namn, code, name) och kolumner med tal (ett år som 2021 eller 2022M12, eller befolkning, folkmängd, population); första raden: { $first }
scb-several-population-columns = flera kolumner med folkmängd ({ $columns }): förväntade en
scb-label-varies = kolumnen { $column } har flera värden ({ $first }, { $value }): exportera tabellen med ett värde för { $name } (till exempel "totalt")
scb-expected-period = förväntade en period som 2021 eller 2021M12 i kolumnen { $column }, fann { $found }
scb-field-count = förväntade { $expected } fält som i rubrikraden (rad { $line }), fann { $found }
scb-no-municipalities = inga kommuner i filen
scb-sum-too-large = talen blir sammanlagt mer än vad som kan räknas

## Perioder.

scb-several-years = tal för flera år ({ $periods }): välj ett med --year
scb-no-figures-for-year = inga tal för { $year }: filen har { $periods }
scb-year-matches-several = --year { $year } motsvarar { $periods }: ange en av dem

## Regioner och deras tal.

scb-missing-region = regionen saknas
scb-region-code-not-digits = förväntade en regionkod av siffror (som 1490), fann { $found }
scb-not-county-or-municipality = { $code } är varken en läns- eller en kommunkod
scb-not-municipality-code = { $code } är inte en kommunkod: ingen av SCB:s 290 kommuner har den
scb-expected-region-code = förväntade en regionkod (som 1490), fann { $found }
scb-code-and-name-differ = kod { $code } är { $known }, men namnet säger { $name }
scb-unknown-municipality = okänd kommun { $name }: inte namnet på någon av SCB:s 290 kommuner
scb-unknown-municipality-near = okänd kommun { $name }; menade du { $near }?
scb-unknown-municipality-near-several = okänd kommun { $name }; menade du { $near } eller { $last }?
scb-country = hela riket, inte en kommun; ange --skip-regions för att utelämna län och riket
scb-county = ett län, inte en kommun; ange --skip-regions för att utelämna län och riket
scb-region-is-country = { $region } är hela riket, inte en kommun; ange --skip-regions för att utelämna län och riket
scb-region-is-county = { $region } är ett län, inte en kommun; ange --skip-regions för att utelämna län och riket
scb-duplicate-on-line = kommunen { $code } ({ $name }) förekommer två gånger: redan på rad { $line }
scb-duplicate-at = kommunen { $code } ({ $name }) förekommer två gånger: redan vid { $at }
scb-figure-not-available = talet saknas: { $mark } (SCB:s tecken för ett tal som inte är tillgängligt)

## JSON-stat 2.0.

scb-json-invalid = inte giltig JSON: { $error }
scb-json-not-object = förväntade ett JSON-stat 2.0-dataset (ett objekt)
scb-json-class = förväntade ett JSON-stat-dataset, fann class { $found }
scb-json-no-class = förväntade JSON-stat 2.0 (PxWeb-API:ets format json-stat2): inget "class": "dataset"
scb-json-version = förväntade JSON-stat version "2.0" (PxWeb-API:ets format json-stat2)
scb-json-id-not-names = förväntade att id är en lista med namn
scb-json-no-id = förväntade en lista "id" med dimensioner
scb-json-size-not-counts = förväntade att size är en lista med antal
scb-json-no-size = förväntade en lista "size"
scb-json-sizes = { $sizes } storlekar för { $dimensions } dimensioner i id
scb-json-dimension-missing = dimensionen { $dimension } saknas eller har ingen category
scb-json-category-count = dimensionen { $dimension } har { $found } kategorier, size anger { $size }
scb-json-dimension = dimensionen { $dimension }: { $why }
scb-json-index-not-codes = förväntade koder (strängar) i index
scb-json-index-position = index för { $code } är inte en position under { $size }
scb-json-two-categories = två kategorier på position { $position }
scb-json-index-kind = förväntade att index är ett objekt eller en lista
scb-json-no-index = förväntade ett index över kategorierna
scb-json-no-region = ingen regiondimension (roll geo, eller id Region) bland { $ids }
scb-json-no-region-dimension = ingen regiondimension
scb-json-several-categories = dimensionen { $dimension } har { $count } kategorier ({ $categories }): bara region- och tidsdimensionerna får ha fler än en; välj en kategori av { $id } i frågan
scb-json-value-count = { $found } värden, förväntade { $expected } (produkten av size { $size })
scb-json-value-count-too-many = { $found } värden, förväntade för många (produkten av size { $size })
scb-json-no-value = förväntade en lista "value"
scb-json-figure-null = talet saknas (null, status { $status })
scb-json-not-a-figure = förväntade ett heltal, fann { $found }
