import type { Messages } from "./en";

export const it: Messages = {
  unsubscribe: {
    title: "Annulla iscrizione",
    question: (account) => `Annullare l’iscrizione alle email di ${account}?`,
    questionClosed: "Annullare l’iscrizione a queste email?",
    confirm: "Annulla l’iscrizione",
    preferences: "Oppure scegli le liste che ricevi",
    preferencesHint: "Togli la spunta a una lista per non riceverla più.",
    notSubscribed:
      "Non ricevi questa lista. Per riceverla, usa il modulo di iscrizione, che ti chiederà una conferma.",
    save: "Salva le mie scelte",
    saved: "Le tue scelte sono state salvate.",
    done: "Iscrizione annullata",
    doneDetail: (account) => `Non riceverai più queste email da ${account}.`,
    doneDetailClosed: "Non riceverai più queste email.",
  },
};
