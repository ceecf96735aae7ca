import type { Messages } from "./en";

export const pt: Messages = {
  unsubscribe: {
    title: "Cancelar subscrição",
    question: (account) => `Deixar de receber os e-mails de ${account}?`,
    questionClosed: "Deixar de receber estes e-mails?",
    confirm: "Deixar de receber",
    preferences: "Ou escolha as listas que recebe",
    preferencesHint: "Desmarque uma lista para deixar de a receber.",
    notSubscribed:
      "Não recebe esta lista. Para a receber, use o formulário de inscrição, que lhe pedirá uma confirmação.",
    save: "Guardar as minhas escolhas",
    saved: "As suas escolhas foram guardadas.",
    done: "Subscrição cancelada",
    doneDetail: (account) => `Deixará de receber estes e-mails de ${account}.`,
    doneDetailClosed: "Deixará de receber estes e-mails.",
  },
};
