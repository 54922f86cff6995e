# Vad `avgift verify` säger (src/cmd/verify.rs): en rad per utdatafil och indatafil på standard output, och resultatet. Prefix: verify-.

## Att hitta vad som skapade en utdatafil.

verify-no-record = inga uppgifter om vad som skapade filen (utdata som skrivs med -o bär sådana, eller har ett manifest bredvid sig)
verify-not-manifest = inte ett manifest: { $error }
verify-manifest-no-recipe = manifestet har inget recept
verify-manifest-no-files = manifestet listar inga filer

## En sparad indatafil: vad den är i receptet.

verify-role-tariff = taxa
verify-role-population = folkmängd
verify-role-actuals = utfall
verify-role-weights = vikter
verify-role-recipients = mottagare
verify-role-input = indata

## En rad per indatafil som skiljer sig, och per utdatafil.

verify-input-changed = indata ändrad: { $path } ({ $role })
verify-input-not-found = indata hittades inte: { $path } ({ $role })
verify-input-unreadable = indata kan inte läsas: { $path } ({ $role }): { $why }
verify-stale = inaktuell: { $file } skapades av indata som har ändrats
verify-not-checked = inte kontrollerad: { $file }: dess indata hittades inte; sökvägar sparas som de angavs när filen skapades, så kör verify från mappen där den skapades
verify-cannot-recompute = kan inte räkna om ({ $command }): { $why }
verify-ok = ok: { $file }
verify-ok-by-digest = ok: { $file } (enligt dess sparade kontrollsumma)
verify-edited = ändrad: { $file }
verify-edited-not-what-inputs-give = ändrad: { $file } skiljer sig från vad dess indata ger
verify-edited-not-digest = ändrad: { $file } skiljer sig från dess sparade kontrollsumma
verify-missing = saknas: { $file }
verify-not-made-again = skapades inte igen: { $file }

## Resultatet.

verify-failed = verifieringen misslyckades: { $bad } problem, { $good } { $good ->
    [one] utdatafil stämmer
   *[other] utdatafiler stämmer
}
