import type { Messages } from "./en";

export const de: Messages = {
  unsubscribe: {
    title: "Abmelden",
    question: (account) => `E-Mails von ${account} abbestellen?`,
    questionClosed: "Diese E-Mails abbestellen?",
    confirm: "Abbestellen",
    preferences: "Oder wählen Sie, welche Listen Sie erhalten",
    preferencesHint: "Entfernen Sie das Häkchen bei einer Liste, um sie nicht mehr zu erhalten.",
    notSubscribed:
      "Sie erhalten diese Liste nicht. Um sie zu erhalten, nutzen Sie das Anmeldeformular – Sie werden um eine Bestätigung gebeten.",
    save: "Auswahl speichern",
    saved: "Ihre Auswahl ist gespeichert.",
    done: "Sie sind abgemeldet",
    doneDetail: (account) => `Sie erhalten diese E-Mails von ${account} nicht mehr.`,
    doneDetailClosed: "Sie erhalten diese E-Mails nicht mehr.",
  },
};
