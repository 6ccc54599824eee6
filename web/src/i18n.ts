/**
 * German and English texts. German is the default (the product is for German finance teams); the choice is
 * remembered in localStorage. English is typed against the German keys, so a missing text fails to compile.
 */
const de = {
  'app.title': 'Mahnwesen',
  'app.skip': 'Zum Inhalt springen',
  'app.loading': 'Lädt …',
  'nav.label': 'Hauptnavigation',
  'nav.queue': 'Aufgaben',
  'nav.cases': 'Fälle',
  'nav.reports': 'Berichte',
  'lang.label': 'Sprache',
  'user.signedInAs': 'Angemeldet als',
  'user.signOut': 'Abmelden',
  'role.caller': 'Forderungsmanagement',
  'role.supervisor': 'Teamleitung',

  'signin.heading': 'Anmelden',
  'signin.localIntro': 'Lokale Anmeldung für Entwicklung und Vorführung: Rolle wählen, Name nach Wunsch.',
  'signin.role': 'Rolle',
  'signin.name': 'Name (optional)',
  'signin.submit': 'Anmelden',
  'signin.cognitoIntro': 'Sie werden zur Anmeldeseite Ihres Unternehmens weitergeleitet.',
  'signin.cognito': 'Mit Firmenkonto anmelden',
  'signin.expired': 'Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.',
  'signin.failed': 'Anmeldung fehlgeschlagen',

  'queue.heading': 'Aufgaben',
  'queue.filters': 'Filter',
  'queue.queue': 'Warteschlange',
  'queue.allQueues': 'Alle meine Warteschlangen',
  'queue.kind': 'Art',
  'queue.allKinds': 'Alle Arten',
  'queue.refresh': 'Aktualisieren',
  'queue.status': 'Stand {time} · {count} Aufgaben · aktualisiert sich alle 20 Sekunden',
  'queue.statusOne': 'Stand {time} · 1 Aufgabe · aktualisiert sich alle 20 Sekunden',
  'queue.sales': 'Vertrieb',
  'queue.empty': 'Keine offenen Aufgaben in dieser Auswahl.',
  'queue.more': 'Weitere laden',
  'queue.caption': 'Offene Aufgaben, höchste Priorität zuerst',
  'queue.colRank': 'Rang',
  'queue.colCustomer': 'Kunde / Rechnung',
  'queue.colAmount': 'Offen',
  'queue.colOverdue': 'Tage überfällig',
  'queue.colClaim': 'Bearbeitung',
  'queue.failed': 'Die Aufgaben konnten nicht geladen werden.',
  'claim.free': 'frei',
  'claim.mine': 'bei Ihnen bis {time}',
  'claim.other': 'belegt bis {time}',
  'queueName.receivables': 'Forderungen',
  'queueName.supervisors': 'Teamleitung',
  'queueName.disputes': 'Einwände',
  'kind.call': 'Anruf',
  'kind.approval': 'Inkasso-Freigabe',
  'kind.dispute': 'Einwand',
  'kind.data-correction': 'Kontaktdaten korrigieren',

  'detail.empty': 'Wählen Sie eine Aufgabe aus der Liste.',
  'detail.back': 'Zurück zur Liste',
  'detail.reload': 'Neu laden',
  'detail.claim': 'Übernehmen',
  'detail.release': 'Zurückgeben',
  'detail.claimHint': 'Übernehmen Sie die Aufgabe vor dem Anruf, damit niemand sonst sie bearbeitet.',
  'detail.claimedByOther': 'Diese Aufgabe bearbeitet gerade {who} (bis {time}).',
  'detail.claimedByYou': 'Sie bearbeiten diese Aufgabe (bis {time}).',
  'detail.status': 'Aufgabe {status}',
  'detail.attempt': 'Versuch {attempt}',
  'detail.dueBy': 'Erledigen bis {time}',
  'detail.viewCase': 'Fall ansehen',
  'taskStatus.open': 'offen',
  'taskStatus.done': 'erledigt',
  'taskStatus.timed-out': 'abgelaufen',
  'taskStatus.cancelled': 'entfallen',

  'facts.heading': 'Vor dem Anruf',
  'facts.phone': 'Telefon',
  'facts.noPhone': 'keine Nummer hinterlegt',
  'facts.contact': 'Ansprechpartner',
  'facts.email': 'E-Mail',
  'facts.segment': 'Kundengruppe',
  'facts.consumer': 'Verbraucher',
  'facts.business': 'Unternehmen',
  'facts.creditRating': 'Bonität',
  'facts.creditRatingValue': 'Klasse {value} (1 beste, 6 schlechteste)',
  'facts.noRating': 'keine Auskunft hinterlegt',
  'facts.salesRep': 'Vertrieb',
  'facts.involveSales': 'Großer Betrag: Vertrieb einbeziehen',
  'facts.invoiceNumber': 'Rechnungsnummer',
  'facts.orderNumber': 'Bestellnummer',
  'facts.issueDate': 'Rechnungsdatum',
  'facts.dueDate': 'Fällig am',
  'facts.daysOverdue': 'Tage überfällig',
  'facts.defaultSince': 'Verzug seit',
  'facts.caseStatus': 'Fallstatus',
  'facts.nextLevel': 'Nächste Stufe',
  'facts.levelsDone': 'Bisherige Stufen',
  'facts.none': '–',
  'segment.key-account': 'Großkunde',
  'segment.regular': 'Bestandskunde',
  'segment.new': 'Neukunde',
  'segment.consumer': 'Privatkunde',

  'amounts.heading': 'Beträge',
  'amounts.original': 'Rechnungsbetrag',
  'amounts.principalOpen': 'Hauptforderung offen',
  'amounts.interestToDate': 'Verzugszinsen bis heute',
  'amounts.costsOpen': 'Kosten offen',
  'amounts.paid': 'Bereits gezahlt',
  'amounts.totalOpen': 'Gesamt offen',
  'amounts.interestLines': 'Zinsberechnung',
  'amounts.interestLine': '{from} bis {through}: {rate} % p. a.',

  'points.heading': 'Gesprächsleitfaden',
  'promises.heading': 'Zahlungszusagen',
  'promises.none': 'Bisher keine Zahlungszusagen.',
  'promises.date': 'Zugesagt bis',
  'promises.amount': 'Betrag',
  'promises.status': 'Status',
  'promiseStatus.pending': 'offen',
  'promiseStatus.kept': 'eingehalten',
  'promiseStatus.broken': 'gebrochen',
  'exposure.heading': 'Offene Rechnungen des Kunden',
  'exposure.invoice': 'Rechnung',
  'exposure.status': 'Status',
  'exposure.open': 'Offen',
  'exposure.total': 'Gesamt offen beim Kunden',
  'exposure.thisInvoice': 'diese Rechnung',
  'timeline.heading': 'Verlauf und frühere Kontakte',
  'timeline.date': 'Datum',
  'timeline.event': 'Ereignis',
  'timeline.summary': 'Details',
  'flags.limitationNear': 'Verjährung naht: gerichtliches Mahnverfahren prüfen.',
  'flags.emailUndeliverable': 'E-Mail unzustellbar: nur Telefon und Brief.',
  'flags.baseRateStale': 'Basiszinssatz-Tabelle ist veraltet.',
  'flags.hold': 'Angehalten seit {since}: {reason}',

  'outcome.heading': 'Ergebnis erfassen',
  'outcome.type': 'Ergebnis',
  'outcome.context': 'Gesprächsnotizen',
  'outcome.submit': 'Ergebnis speichern',
  'outcome.saving': 'Speichert …',
  'outcome.saved': 'Ergebnis gespeichert. Der Mahnlauf geht weiter.',
  'outcome.invalid': 'Bitte prüfen Sie diese Angaben:',
  'outcome.needsClaim': 'Übernehmen Sie die Aufgabe, um ein Ergebnis zu erfassen.',
  'outcome.recorded': 'Erfasstes Ergebnis',
  'outcome.waiting': 'Der Mahnlauf verarbeitet das Ergebnis …',
  'outcomeType.paid': 'Bereits bezahlt',
  'outcomeType.promise': 'Zahlungszusage',
  'outcomeType.installments': 'Ratenzahlung',
  'outcomeType.dispute': 'Forderung bestritten',
  'outcomeType.not-reached': 'Nicht erreicht',
  'outcomeType.wrong-contact': 'Falscher Kontakt',
  'outcomeType.callback': 'Rückruf vereinbart',
  'outcomeType.approval': 'Freigabe',
  'outcomeType.resolution': 'Entscheidung über Einwand',
  'outcomeType.contact-corrected': 'Kontaktdaten korrigiert',
  'outcomeType.case-closed': 'Fall geschlossen',
  'field.paidOn': 'Bezahlt am',
  'field.promisedOn': 'Zahlung zugesagt bis',
  'field.cents': 'Betrag in Euro',
  'field.rates': 'Raten',
  'field.rate': 'Rate {n}',
  'field.rateDue': 'Fällig am',
  'field.rateAmount': 'Betrag in Euro',
  'field.addRate': 'Rate hinzufügen',
  'field.removeRate': 'Rate {n} entfernen',
  'field.disputeReason': 'Was bestreitet der Kunde?',
  'field.callbackAt': 'Rückruf am',
  'field.reason': 'Grund der Nichtzahlung',
  'field.noReason': '– nicht genannt –',
  'field.dissatisfied': 'Kunde wirkt unzufrieden (wird an die Leitung berichtet)',
  'field.notes': 'Notizen',
  'field.decision': 'Entscheidung',
  'field.approve': 'Übergabe an das Inkassobüro freigeben',
  'field.reject': 'Übergabe ablehnen, Fall bleibt im Haus',
  'field.resolution': 'Entscheidung',
  'field.upheld': 'Einwand berechtigt: Forderung wird storniert',
  'field.rejected': 'Einwand unberechtigt: Mahnlauf geht weiter',
  'reason.liquidity': 'Liquiditätsengpass',
  'reason.invoice-not-received': 'Rechnung nicht erhalten',
  'reason.missing-po-number': 'Bestellnummer fehlt',
  'reason.wrong-address': 'Falsche Adresse',
  'reason.disputed-delivery': 'Lieferung bestritten',
  'reason.quality-complaint': 'Qualitätsmangel',
  'reason.approval-pending': 'Freigabe beim Kunden ausstehend',
  'reason.forgotten': 'Vergessen',
  'reason.other': 'Sonstiges',
  'validation.required': 'Bitte ausfüllen.',
  'validation.date': 'Bitte ein gültiges Datum wählen.',
  'validation.instant': 'Bitte Datum und Uhrzeit wählen.',
  'validation.amount': 'Bitte einen Betrag wie 1.234,56 eingeben.',
  'validation.amountPositive': 'Der Betrag muss größer als 0 sein.',
  'validation.tooShort': 'Bitte mindestens {min} Zeichen.',
  'validation.tooLong': 'Bitte höchstens {max} Zeichen.',
  'validation.minRates': 'Ein Ratenplan braucht mindestens {min} Raten.',
  'validation.choose': 'Bitte eine Möglichkeit wählen.',

  'problem.heading': 'Vom Server abgelehnt ({status})',
  'problem.network': 'Der Server ist nicht erreichbar.',
  'problem.fields': 'Betroffene Angaben',

  'case.heading': 'Fall {invoice}',
  'case.lookupHeading': 'Fall öffnen',
  'case.invoiceId': 'Rechnungs-ID',
  'case.open': 'Öffnen',
  'case.customer': 'Kunde',
  'case.actions': 'Mahnlauf steuern',
  'case.holdHint': 'Anhalten stoppt Mahnungen und Anrufe, bis der Fall fortgesetzt wird.',
  'case.holdReason': 'Grund für das Anhalten',
  'case.hold': 'Mahnlauf anhalten',
  'case.resume': 'Mahnlauf fortsetzen',
  'case.held': 'Fall angehalten.',
  'case.resumed': 'Fall fortgesetzt.',
  'case.closed': 'Der Fall ist abgeschlossen.',
  'caseStatus.open': 'offen',
  'caseStatus.promise': 'Zahlungszusage',
  'caseStatus.installments': 'Ratenzahlung',
  'caseStatus.disputed': 'bestritten',
  'caseStatus.on-hold': 'angehalten',
  'caseStatus.paid': 'bezahlt',
  'caseStatus.cancelled': 'storniert',
  'caseStatus.handed-over': 'an Inkasso übergeben',
  'caseStatus.written-off': 'abgeschrieben',

  'reports.heading': 'Berichte',
  'reports.range': 'Zeitraum (Fälligkeit der Rechnung)',
  'reports.from': 'Von',
  'reports.to': 'Bis',
  'reports.show': 'Anzeigen',
  'reports.aging': 'Altersstruktur offener Posten',
  'reports.asOf': 'Stand {date}',
  'reports.bucket': 'Überfälligkeit',
  'reports.count': 'Fälle',
  'reports.open': 'Offen',
  'reports.reasons': 'Gründe für Nichtzahlung',
  'reports.reason': 'Grund',
  'reports.dissatisfied': '{dissatisfied} von {calls} Gesprächen mit Anzeichen von Unzufriedenheit',
  'reports.noData': 'Noch keine Daten.',
  'reports.promises': 'Zahlungszusagen',
  'reports.kept': 'eingehalten',
  'reports.broken': 'gebrochen',
  'reports.pending': 'offen',
  'reports.keptRate': 'Einhaltungsquote: {rate}',
  'reports.noneDecided': 'Noch keine Zusage fällig geworden.',
  'reports.recovered': 'Realisierte Beträge',
  'reports.outcome': 'Ausgang',
  'reports.recoveredAmount': 'Eingegangen',
  'reports.recoveredTotal': 'Gesamt eingegangen: {amount}; erlassen: {waived}',
  'bucket.not yet due': 'noch nicht fällig',
  'bucket.1-30 days': '1–30 Tage',
  'bucket.31-60 days': '31–60 Tage',
  'bucket.61-90 days': '61–90 Tage',
  'bucket.over 90 days': 'über 90 Tage',
  'closing.open': 'noch offen',

  'event.case-opened': 'Fall eröffnet',
  'event.default-started': 'Verzug beginnt',
  'event.charge-added': 'Kosten berechnet',
  'event.reminder-sent': 'Mahnung versandt',
  'event.level-completed': 'Stufe abgeschlossen',
  'event.task-opened': 'Aufgabe eröffnet',
  'event.task-timed-out': 'Aufgabe abgelaufen',
  'event.promise-recorded': 'Zahlungszusage erfasst',
  'event.promise-checked': 'Zahlungszusage geprüft',
  'event.installments-agreed': 'Ratenzahlung vereinbart',
  'event.installments-defaulted': 'Ratenzahlung geplatzt',
  'event.payment-received': 'Zahlung eingegangen',
  'event.dispute-raised': 'Einwand erhoben',
  'event.dispute-resolved': 'Einwand entschieden',
  'event.hold-set': 'Angehalten',
  'event.hold-released': 'Fortgesetzt',
  'event.handed-over': 'An Inkasso übergeben',
  'event.handover-blocked': 'Übergabe gesperrt',
  'event.handover-rejected': 'Übergabe abgelehnt',
  'event.case-closed': 'Fall geschlossen',
  'event.contact-correction-needed': 'Kontaktdaten korrigieren',
  'event.late-outcome': 'Verspätetes Ergebnis',
  'event.email-bounced': 'E-Mail unzustellbar',
  'event.invoice-cancelled': 'Rechnung storniert',
  'event.written-off': 'Abgeschrieben',
} as const;

export type MessageKey = keyof typeof de;

const en: Record<MessageKey, string> = {
  'app.title': 'Dunning',
  'app.skip': 'Skip to content',
  'app.loading': 'Loading …',
  'nav.label': 'Main navigation',
  'nav.queue': 'Tasks',
  'nav.cases': 'Cases',
  'nav.reports': 'Reports',
  'lang.label': 'Language',
  'user.signedInAs': 'Signed in as',
  'user.signOut': 'Sign out',
  'role.caller': 'Accounts receivable',
  'role.supervisor': 'Supervisor',

  'signin.heading': 'Sign in',
  'signin.localIntro': 'Local sign-in for development and demos: pick a role, a name if you like.',
  'signin.role': 'Role',
  'signin.name': 'Name (optional)',
  'signin.submit': 'Sign in',
  'signin.cognitoIntro': "You will be taken to your company's sign-in page.",
  'signin.cognito': 'Sign in with your company account',
  'signin.expired': 'Your session has expired. Please sign in again.',
  'signin.failed': 'Sign-in failed',

  'queue.heading': 'Tasks',
  'queue.filters': 'Filters',
  'queue.queue': 'Queue',
  'queue.allQueues': 'All my queues',
  'queue.kind': 'Kind',
  'queue.allKinds': 'All kinds',
  'queue.refresh': 'Refresh',
  'queue.status': 'As of {time} · {count} tasks · refreshes every 20 seconds',
  'queue.statusOne': 'As of {time} · 1 task · refreshes every 20 seconds',
  'queue.sales': 'Sales',
  'queue.empty': 'No open tasks in this selection.',
  'queue.more': 'Load more',
  'queue.caption': 'Open tasks, highest priority first',
  'queue.colRank': 'Rank',
  'queue.colCustomer': 'Customer / invoice',
  'queue.colAmount': 'Open',
  'queue.colOverdue': 'Days overdue',
  'queue.colClaim': 'Claim',
  'queue.failed': 'The tasks could not be loaded.',
  'claim.free': 'free',
  'claim.mine': 'yours until {time}',
  'claim.other': 'claimed until {time}',
  'queueName.receivables': 'Receivables',
  'queueName.supervisors': 'Supervisors',
  'queueName.disputes': 'Disputes',
  'kind.call': 'Call',
  'kind.approval': 'Handover approval',
  'kind.dispute': 'Dispute',
  'kind.data-correction': 'Correct contact data',

  'detail.empty': 'Pick a task from the list.',
  'detail.back': 'Back to the list',
  'detail.reload': 'Reload',
  'detail.claim': 'Claim',
  'detail.release': 'Release',
  'detail.claimHint': 'Claim the task before you call so nobody else works it.',
  'detail.claimedByOther': '{who} is working on this task (until {time}).',
  'detail.claimedByYou': 'You are working on this task (until {time}).',
  'detail.status': 'Task {status}',
  'detail.attempt': 'Attempt {attempt}',
  'detail.dueBy': 'Due by {time}',
  'detail.viewCase': 'View case',
  'taskStatus.open': 'open',
  'taskStatus.done': 'done',
  'taskStatus.timed-out': 'timed out',
  'taskStatus.cancelled': 'cancelled',

  'facts.heading': 'Before you dial',
  'facts.phone': 'Phone',
  'facts.noPhone': 'no number on file',
  'facts.contact': 'Contact',
  'facts.email': 'Email',
  'facts.segment': 'Customer group',
  'facts.consumer': 'Consumer',
  'facts.business': 'Business',
  'facts.creditRating': 'Credit rating',
  'facts.creditRatingValue': 'class {value} (1 best, 6 worst)',
  'facts.noRating': 'none on file',
  'facts.salesRep': 'Sales rep',
  'facts.involveSales': 'Large amount: involve sales',
  'facts.invoiceNumber': 'Invoice number',
  'facts.orderNumber': 'Order number',
  'facts.issueDate': 'Invoice date',
  'facts.dueDate': 'Due on',
  'facts.daysOverdue': 'Days overdue',
  'facts.defaultSince': 'In default since',
  'facts.caseStatus': 'Case status',
  'facts.nextLevel': 'Next step',
  'facts.levelsDone': 'Steps so far',
  'facts.none': '–',
  'segment.key-account': 'Key account',
  'segment.regular': 'Regular customer',
  'segment.new': 'New customer',
  'segment.consumer': 'Consumer',

  'amounts.heading': 'Amounts',
  'amounts.original': 'Invoice amount',
  'amounts.principalOpen': 'Principal open',
  'amounts.interestToDate': 'Default interest to date',
  'amounts.costsOpen': 'Costs open',
  'amounts.paid': 'Paid so far',
  'amounts.totalOpen': 'Total open',
  'amounts.interestLines': 'Interest calculation',
  'amounts.interestLine': '{from} to {through}: {rate} % p.a.',

  'points.heading': 'Talking points',
  'promises.heading': 'Promises to pay',
  'promises.none': 'No promises so far.',
  'promises.date': 'Promised for',
  'promises.amount': 'Amount',
  'promises.status': 'Status',
  'promiseStatus.pending': 'pending',
  'promiseStatus.kept': 'kept',
  'promiseStatus.broken': 'broken',
  'exposure.heading': 'Open invoices of this customer',
  'exposure.invoice': 'Invoice',
  'exposure.status': 'Status',
  'exposure.open': 'Open',
  'exposure.total': 'Total open for this customer',
  'exposure.thisInvoice': 'this invoice',
  'timeline.heading': 'History and previous contacts',
  'timeline.date': 'Date',
  'timeline.event': 'Event',
  'timeline.summary': 'Details',
  'flags.limitationNear': 'Limitation is near: consider a court dunning procedure.',
  'flags.emailUndeliverable': 'Email undeliverable: phone and letter only.',
  'flags.baseRateStale': 'The base-rate table is out of date.',
  'flags.hold': 'On hold since {since}: {reason}',

  'outcome.heading': 'Record the outcome',
  'outcome.type': 'Outcome',
  'outcome.context': 'Call notes',
  'outcome.submit': 'Save outcome',
  'outcome.saving': 'Saving …',
  'outcome.saved': 'Outcome saved. Dunning continues.',
  'outcome.invalid': 'Please check these fields:',
  'outcome.needsClaim': 'Claim the task to record an outcome.',
  'outcome.recorded': 'Recorded outcome',
  'outcome.waiting': 'The workflow is processing the outcome …',
  'outcomeType.paid': 'Already paid',
  'outcomeType.promise': 'Promise to pay',
  'outcomeType.installments': 'Installment plan',
  'outcomeType.dispute': 'Claim disputed',
  'outcomeType.not-reached': 'Not reached',
  'outcomeType.wrong-contact': 'Wrong contact',
  'outcomeType.callback': 'Callback agreed',
  'outcomeType.approval': 'Approval',
  'outcomeType.resolution': 'Dispute decision',
  'outcomeType.contact-corrected': 'Contact data corrected',
  'outcomeType.case-closed': 'Case closed',
  'field.paidOn': 'Paid on',
  'field.promisedOn': 'Payment promised by',
  'field.cents': 'Amount in euros',
  'field.rates': 'Rates',
  'field.rate': 'Rate {n}',
  'field.rateDue': 'Due on',
  'field.rateAmount': 'Amount in euros',
  'field.addRate': 'Add a rate',
  'field.removeRate': 'Remove rate {n}',
  'field.disputeReason': 'What does the customer dispute?',
  'field.callbackAt': 'Call back at',
  'field.reason': 'Reason for non-payment',
  'field.noReason': '– not given –',
  'field.dissatisfied': 'Customer sounds dissatisfied (reported to management)',
  'field.notes': 'Notes',
  'field.decision': 'Decision',
  'field.approve': 'Approve the handover to the collection agency',
  'field.reject': 'Reject the handover, keep the case in-house',
  'field.resolution': 'Decision',
  'field.upheld': 'Dispute upheld: the claim is cancelled',
  'field.rejected': 'Dispute rejected: dunning continues',
  'reason.liquidity': 'Cash-flow shortage',
  'reason.invoice-not-received': 'Invoice not received',
  'reason.missing-po-number': 'PO number missing',
  'reason.wrong-address': 'Wrong address',
  'reason.disputed-delivery': 'Delivery disputed',
  'reason.quality-complaint': 'Quality complaint',
  'reason.approval-pending': 'Approval pending at the customer',
  'reason.forgotten': 'Forgotten',
  'reason.other': 'Other',
  'validation.required': 'Please fill this in.',
  'validation.date': 'Please choose a valid date.',
  'validation.instant': 'Please choose a date and time.',
  'validation.amount': 'Please enter an amount like 1,234.56.',
  'validation.amountPositive': 'The amount must be more than 0.',
  'validation.tooShort': 'Please write at least {min} characters.',
  'validation.tooLong': 'Please write at most {max} characters.',
  'validation.minRates': 'An installment plan needs at least {min} rates.',
  'validation.choose': 'Please choose one.',

  'problem.heading': 'Refused by the server ({status})',
  'problem.network': 'The server cannot be reached.',
  'problem.fields': 'Fields concerned',

  'case.heading': 'Case {invoice}',
  'case.lookupHeading': 'Open a case',
  'case.invoiceId': 'Invoice id',
  'case.open': 'Open',
  'case.customer': 'Customer',
  'case.actions': 'Control dunning',
  'case.holdHint': 'Holding stops reminders and calls until the case is resumed.',
  'case.holdReason': 'Reason for the hold',
  'case.hold': 'Hold dunning',
  'case.resume': 'Resume dunning',
  'case.held': 'Case on hold.',
  'case.resumed': 'Case resumed.',
  'case.closed': 'The case is closed.',
  'caseStatus.open': 'open',
  'caseStatus.promise': 'promise to pay',
  'caseStatus.installments': 'installments',
  'caseStatus.disputed': 'disputed',
  'caseStatus.on-hold': 'on hold',
  'caseStatus.paid': 'paid',
  'caseStatus.cancelled': 'cancelled',
  'caseStatus.handed-over': 'handed over',
  'caseStatus.written-off': 'written off',

  'reports.heading': 'Reports',
  'reports.range': 'Period (invoice due date)',
  'reports.from': 'From',
  'reports.to': 'To',
  'reports.show': 'Show',
  'reports.aging': 'Aging of open items',
  'reports.asOf': 'As of {date}',
  'reports.bucket': 'Overdue',
  'reports.count': 'Cases',
  'reports.open': 'Open',
  'reports.reasons': 'Reasons for non-payment',
  'reports.reason': 'Reason',
  'reports.dissatisfied': '{dissatisfied} of {calls} calls showed signs of dissatisfaction',
  'reports.noData': 'No data yet.',
  'reports.promises': 'Promises to pay',
  'reports.kept': 'kept',
  'reports.broken': 'broken',
  'reports.pending': 'pending',
  'reports.keptRate': 'Kept rate: {rate}',
  'reports.noneDecided': 'No promise has fallen due yet.',
  'reports.recovered': 'Amounts recovered',
  'reports.outcome': 'Outcome',
  'reports.recoveredAmount': 'Recovered',
  'reports.recoveredTotal': 'Total recovered: {amount}; waived: {waived}',
  'bucket.not yet due': 'not yet due',
  'bucket.1-30 days': '1–30 days',
  'bucket.31-60 days': '31–60 days',
  'bucket.61-90 days': '61–90 days',
  'bucket.over 90 days': 'over 90 days',
  'closing.open': 'still open',

  'event.case-opened': 'Case opened',
  'event.default-started': 'Default begins',
  'event.charge-added': 'Costs charged',
  'event.reminder-sent': 'Reminder sent',
  'event.level-completed': 'Step completed',
  'event.task-opened': 'Task opened',
  'event.task-timed-out': 'Task timed out',
  'event.promise-recorded': 'Promise recorded',
  'event.promise-checked': 'Promise checked',
  'event.installments-agreed': 'Installments agreed',
  'event.installments-defaulted': 'Installments defaulted',
  'event.payment-received': 'Payment received',
  'event.dispute-raised': 'Dispute raised',
  'event.dispute-resolved': 'Dispute decided',
  'event.hold-set': 'Put on hold',
  'event.hold-released': 'Resumed',
  'event.handed-over': 'Handed over',
  'event.handover-blocked': 'Handover blocked',
  'event.handover-rejected': 'Handover rejected',
  'event.case-closed': 'Case closed',
  'event.contact-correction-needed': 'Contact data to correct',
  'event.late-outcome': 'Late outcome',
  'event.email-bounced': 'Email bounced',
  'event.invoice-cancelled': 'Invoice cancelled',
  'event.written-off': 'Written off',
};

export type Lang = 'de' | 'en';
const STORAGE_KEY = 'mahnwesen.lang';
const catalogues: Record<Lang, Record<MessageKey, string>> = { de, en };

function storedLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'de';
  } catch {
    // Storage can be disabled (private mode, policies): German is the default anyway.
    return 'de';
  }
}

let current: Lang = storedLang();

export const lang = (): Lang => current;

export function setLang(next: Lang): void {
  current = next;
  document.documentElement.lang = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // Not remembered, but the switch still applies to this page.
  }
}

export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  return catalogues[current][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** A text for a code from the API (status, reason, event type); unknown codes are shown as they are. */
export function label(prefix: string, code: string): string {
  const key = `${prefix}.${code}`;
  return key in de ? t(key as MessageKey) : code;
}

const localeTag = () => (current === 'de' ? 'de-DE' : 'en-GB');

/** Amounts arrive as integer cents; Intl does the grouping and the symbol per language. */
export function money(cents: number, currency = 'EUR'): string {
  return new Intl.NumberFormat(localeTag(), { style: 'currency', currency }).format(cents / 100);
}

export function count(value: number): string {
  return new Intl.NumberFormat(localeTag()).format(value);
}

export function percent(ratio: number): string {
  return new Intl.NumberFormat(localeTag(), { style: 'percent', maximumFractionDigits: 1 }).format(ratio);
}

/** A calendar date 'YYYY-MM-DD' as written in the language; formatted in UTC so no time zone shifts it. */
export function date(iso: string): string {
  const parsed = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime())) return iso;
  return new Intl.DateTimeFormat(localeTag(), { dateStyle: 'medium', timeZone: 'UTC' }).format(parsed);
}

/** Instants are shown in Berlin time: the business runs there, wherever the browser is. */
export function dateTime(instant: string): string {
  const parsed = new Date(instant);
  if (Number.isNaN(parsed.getTime())) return instant;
  return new Intl.DateTimeFormat(localeTag(), {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'Europe/Berlin',
  }).format(parsed);
}

export function time(instant: string | Date): string {
  const parsed = typeof instant === 'string' ? new Date(instant) : instant;
  return new Intl.DateTimeFormat(localeTag(), {
    timeStyle: 'medium',
    timeZone: 'Europe/Berlin',
  }).format(parsed);
}

/** Hours and minutes in Berlin time, for claims that run for half an hour. */
export function clock(instant: string): string {
  const parsed = new Date(instant);
  if (Number.isNaN(parsed.getTime())) return instant;
  return new Intl.DateTimeFormat(localeTag(), { timeStyle: 'short', timeZone: 'Europe/Berlin' }).format(
    parsed,
  );
}

/** Cents as the amount field shows them for editing: no grouping, the language's decimal mark. */
export function amountForInput(cents: number): string {
  const text = (cents / 100).toFixed(2);
  return current === 'de' ? text.replace('.', ',') : text;
}

/**
 * What a person typed into an amount field, in cents: '1.234,56' in German, '1,234.56' in English, with or
 * without grouping and currency sign. Undefined when empty, NaN when it is not an amount (zod reports both).
 */
export function parseAmount(text: string): number | undefined {
  const compact = text.replace(/[\s\u00a0€]|EUR/gi, '');
  if (compact === '') return undefined;
  const [group, decimal] = current === 'de' ? ['.', ','] : [',', '.'];
  const grouped = new RegExp(`^\\d{1,3}(\\${group}\\d{3})+(\\${decimal}\\d{1,2})?$`);
  const plain = new RegExp(`^\\d+(\\${decimal}\\d{1,2})?$`);
  if (!grouped.test(compact) && !plain.test(compact)) return Number.NaN;
  const normal = compact.split(group).join('').replace(decimal, '.');
  return Math.round(Number(normal) * 100);
}
