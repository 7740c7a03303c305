/** Hears how a long piece of work advances: `done` of `total` in the stage it names; done equal to total ends the stage. */
export type Progress = (stage: string, done: number, total: number) => void;
