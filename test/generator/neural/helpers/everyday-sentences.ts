/** Ordinary sentences for intelligibility checks (our own, nothing quoted from a corpus). */
export const EVERYDAY_SENTENCES: readonly string[] = [
  'Please remember to buy milk and bread on your way home tonight.',
  'The weather is nice today so we are going for a walk in the park.',
  'Our meeting has been moved to Thursday afternoon.',
  'She opened the window and listened to the birds outside.',
  'Could you turn the music down while I am on the phone?',
  'The train to the city leaves from platform four every hour.',
  'I left my keys on the kitchen table this morning.',
  'We should paint the fence before the end of the summer.',
  'My brother is coming to visit us next weekend.',
  'Thank you very much for your help with the project.',
];
