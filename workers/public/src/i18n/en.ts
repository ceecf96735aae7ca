/** The public pages' strings in English; every other catalogue has the same shape. */
export const en = {
  unsubscribe: {
    title: "Unsubscribe",
    question: (account: string) => `Unsubscribe from ${account}'s emails?`,
    questionClosed: "Unsubscribe from these emails?",
    confirm: "Unsubscribe",
    preferences: "Or choose the lists you receive",
    preferencesHint: "Untick a list to stop receiving it.",
    notSubscribed: "You are not on this list. To join it, use the sign-up form: it asks you to confirm.",
    save: "Save my choices",
    saved: "Your choices are saved.",
    done: "You are unsubscribed",
    doneDetail: (account: string) => `You will no longer receive these emails from ${account}.`,
    doneDetailClosed: "You will no longer receive these emails.",
  },
};

export type Messages = typeof en;
