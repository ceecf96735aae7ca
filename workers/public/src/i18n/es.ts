import type { Messages } from "./en";

export const es: Messages = {
  unsubscribe: {
    title: "Darse de baja",
    question: (account) => `¿Darte de baja de los correos de ${account}?`,
    questionClosed: "¿Darte de baja de estos correos?",
    confirm: "Darme de baja",
    preferences: "O elige las listas que recibes",
    preferencesHint: "Desmarca una lista para dejar de recibirla.",
    notSubscribed:
      "No recibes esta lista. Para recibirla, usa el formulario de suscripción, que te pedirá una confirmación.",
    save: "Guardar mis preferencias",
    saved: "Tus preferencias se han guardado.",
    done: "Te has dado de baja",
    doneDetail: (account) => `Ya no recibirás estos correos de ${account}.`,
    doneDetailClosed: "Ya no recibirás estos correos.",
  },
};
