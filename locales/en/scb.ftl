# SCB exports read by `population import` (src/read/scb/). Prefix: scb-.

## What the import found.

scb-layout-pxweb-columns = PxWeb CSV, years as columns
scb-layout-pxweb-rows = PxWeb CSV, one row per year
scb-layout-scb-table = SCB table with a population column
scb-layout-json-stat = JSON-stat 2.0
scb-regions-code-and-name = code and name
scb-regions-codes = codes
scb-regions-names = names
scb-regions-several = { $forms }
scb-skipped = { $region }
scb-skipped-on-line = { $region } (line { $line })

## Where a problem is in a JSON-stat dataset, and the problem there.

scb-where-category = dimension { $dimension }, category { $code } ({ $label })
scb-where-value = value[{ $index }] ({ $dimension } { $code } { $label })
scb-where-value-in-period = value[{ $index }] ({ $dimension } { $code } { $label }, { $time } { $period })
scb-where-dimension = dimension { $dimension }
scb-at = { $place }: { $message }

## The file as a whole.

scb-empty = empty file: expected an SCB export (PxWeb CSV, JSON-stat 2.0 or Kod;Namn;Befolkning)
scb-no-header = no table header found: expected a header with a region column (region, kod, namn, code, name) and figure columns (a year such as 2021 or 2022M12, or befolkning, folkmängd, population); first line: { $first }
scb-several-population-columns = several population columns ({ $columns }): expected one
scb-label-varies = column { $column } has several values ({ $first }, { $value }): export the table with one value for { $name } (such as "totalt")
scb-expected-period = expected a period such as 2021 or 2021M12 in column { $column }, found { $found }
scb-field-count = expected { $expected } fields as in the header (line { $line }), found { $found }
scb-no-municipalities = no municipalities in the file
scb-sum-too-large = the figures add up to more than can be counted

## Periods.

scb-several-years = figures for several years ({ $periods }): choose one with --year
scb-no-figures-for-year = no figures for { $year }: the file has { $periods }
scb-year-matches-several = --year { $year } matches { $periods }: give one of them

## Regions and their figures.

scb-missing-region = missing region
scb-region-code-not-digits = expected a region code of digits (like 1490), found { $found }
scb-not-county-or-municipality = { $code } is neither a county nor a municipality code
scb-not-municipality-code = { $code } is not a municipality code: none of SCB's 290 municipalities has it
scb-expected-region-code = expected a region code (like 1490), found { $found }
scb-code-and-name-differ = code { $code } is { $known }, but the name says { $name }
scb-unknown-municipality = unknown municipality { $name }: not the name of one of SCB's 290 municipalities
scb-unknown-municipality-near = unknown municipality { $name }; did you mean { $near }?
scb-unknown-municipality-near-several = unknown municipality { $name }; did you mean { $near } or { $last }?
scb-country = the whole country, not a municipality; pass --skip-regions to leave counties and the country out
scb-county = a county (län), not a municipality; pass --skip-regions to leave counties and the country out
scb-region-is-country = { $region } is the whole country, not a municipality; pass --skip-regions to leave counties and the country out
scb-region-is-county = { $region } is a county (län), not a municipality; pass --skip-regions to leave counties and the country out
scb-duplicate-on-line = duplicate municipality { $code } ({ $name }): already on line { $line }
scb-duplicate-at = duplicate municipality { $code } ({ $name }): already at { $at }
scb-figure-not-available = missing figure { $mark } (SCB's mark for a figure that is not available)

## JSON-stat 2.0.

scb-json-invalid = not valid JSON: { $error }
scb-json-not-object = expected a JSON-stat 2.0 dataset (an object)
scb-json-class = expected a JSON-stat dataset, found class { $found }
scb-json-no-class = expected JSON-stat 2.0 (the PxWeb API's json-stat2 format): no "class": "dataset"
scb-json-version = expected JSON-stat version "2.0" (the PxWeb API's json-stat2 format)
scb-json-id-not-names = expected id to be a list of names
scb-json-no-id = expected an "id" list of dimensions
scb-json-size-not-counts = expected size to be a list of counts
scb-json-no-size = expected a "size" list
scb-json-sizes = { $sizes } sizes for { $dimensions } dimensions in id
scb-json-dimension-missing = dimension { $dimension } is missing or has no category
scb-json-category-count = dimension { $dimension } has { $found } categories, size says { $size }
scb-json-dimension = dimension { $dimension }: { $why }
scb-json-index-not-codes = expected codes (strings) in index
scb-json-index-position = index of { $code } is not a position below { $size }
scb-json-two-categories = two categories at position { $position }
scb-json-index-kind = expected index to be an object or an array
scb-json-no-index = expected an index of the categories
scb-json-no-region = no region dimension (role geo, or id Region) among { $ids }
scb-json-no-region-dimension = no region dimension
scb-json-several-categories = dimension { $dimension } has { $count } categories ({ $categories }): only the region and time dimensions may have more than one; select one category of { $id } in the query
scb-json-value-count = { $found } values, expected { $expected } (the product of size { $size })
scb-json-value-count-too-many = { $found } values, expected too many (the product of size { $size })
scb-json-no-value = expected a "value" list
scb-json-figure-null = missing figure (null, status { $status })
scb-json-not-a-figure = expected a whole number, found { $found }
