/** A problem with the audio handed to the pipeline or with its settings; the message is fit to show to a user. */
export class AudioPipelineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AudioPipelineError';
  }
}
