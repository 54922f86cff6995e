# Fakturering (src/invoicing/): körningen, fakturaregistret, e-fakturor,
# fakturamappen och vad `verify` säger om den. Prefix: invoicing-,
# register-, einvoice-, folder-.

## Fakturaregistret.

register-database-error = { $file }: { $error }
register-cannot-open = kan inte öppna fakturaregistret: { $error }
register-waiting = väntar: en annan körning skriver till { $file }; den här fortsätter när den är klar
register-busy = en annan körning har hållit fakturaregistret i { $seconds } s: ingenting skrevs; försök igen när den är klar
register-other-version = ett fakturaregister av en annan version ({ $found }): det här programmet läser version { $version }
register-check-stopped = { $file }: kontrollen avbröts
register-gap-one = { $issuer }: dokument { $missing } saknas i fakturaregistret (borttaget): numren hoppar från { $from } till { $to }
register-gap = { $issuer }: dokument { $first } till { $last } saknas i fakturaregistret (borttagna): numren hoppar från { $from } till { $to }
register-before-missing = { $issuer }: dokumenten före { $number } saknas i fakturaregistret (borttagna): { $number } är kedjat till ett annat
register-edited = { $issuer }: dokument { $number } ({ $file }) har ändrats eller lagts in för hand: dess innehåll ger inte den registrerade kontrollsumman (SHA-256)
register-replaced = { $issuer }: dokument { $previous } har ersatts, eller { $number } lagts in: { $number } är kedjat till en annan version av { $previous }
register-lines-edited = { $issuer }: dokument { $number } ({ $file }): dess rader har ändrats: de ger inte den registrerade kontrollsumman (SHA-256)
register-lines-sum = { $issuer }: dokument { $number } ({ $file }): raderna summerar till { $sum }, dokumentets belopp är { $amount }
register-orphan-lines = { $issuer }: rader för dokument { $number }, som fakturaregistret inte innehåller (borttaget?)
register-unreadable = dokument { $number }: kan inte läsa dess { $what }
register-field-invoice-date = fakturadatum
register-field-due-date = förfallodatum
register-unreadable-view = dokument { $number }: kan inte läsa vad dess filer visar
register-not-whole-ore = dokument { $number }: beloppet { $amount } är inte hela ören
register-view-per-line = dokument { $number }: en vy för varje rad
register-number-too-large = ett för stort nummer
