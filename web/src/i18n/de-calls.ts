/** German texts of a customer call (one call about all of a customer's invoices at a call level). */
export const deCalls = {
  'call.heading': 'Ein Anruf für das ganze Konto',
  'call.intro':
    'In diesem Anruf besprechen Sie {count} offene Rechnungen des Kunden. Das Ergebnis unten gilt für alle Rechnungen; weicht eine Rechnung ab, wählen Sie hier ihr eigenes Ergebnis.',
  'call.invoice': 'Rechnung',
  'call.level': 'Stufe',
  'call.due': 'Fällig',
  'call.open': 'Offen heute',
  'call.part': 'Ergebnis für diese Rechnung',
  'call.partFor': 'Ergebnis für Rechnung {invoice}',
  'call.total': 'Zusammen, mit Zinsen und Kosten bis heute',
  'call.part.same': 'wie unten',
  'call.part.dispute': 'bestritten',
  'call.part.not-reached': 'nicht besprochen',
  'call.reason': 'Grund des Einwands',
  'call.reasonFor': 'Grund des Einwands zu Rechnung {invoice}',
  'call.needsReason': 'Bitte nennen Sie zu Rechnung {invoice} den Grund des Einwands (mindestens 3 Zeichen).',
  'call.installmentsForAll':
    'Eine Ratenzahlung gilt für das ganze Konto: wählen Sie dann für keine Rechnung ein eigenes Ergebnis.',
  'call.promiseNote':
    'Eine Zahlungszusage für alle wird auf die älteste Rechnung zuerst angerechnet. Mit eigenen Ergebnissen gilt sie für jede übrige Rechnung in voller Höhe.',
};
