import type { Messages } from "./en";

export const fr: Messages = {
  unsubscribe: {
    title: "Désabonnement",
    question: (account) => `Vous désabonner des e-mails de ${account}\u00a0?`,
    questionClosed: "Vous désabonner de ces e-mails\u00a0?",
    confirm: "Me désabonner",
    preferences: "Ou choisissez les listes que vous recevez",
    preferencesHint: "Décochez une liste pour ne plus la recevoir.",
    notSubscribed:
      "Vous ne recevez pas cette liste. Pour la recevoir, passez par le formulaire d’inscription, qui vous demandera une confirmation.",
    save: "Enregistrer mes choix",
    saved: "Vos choix sont enregistrés.",
    done: "Votre désabonnement est confirmé",
    doneDetail: (account) => `Vous ne recevrez plus ces e-mails de ${account}.`,
    doneDetailClosed: "Vous ne recevrez plus ces e-mails.",
  },
};
